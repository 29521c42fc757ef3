import IngestCore
import NIOSSL

/// The CAs the client trusts for the uContact server: the system's, or the PEM bundle in `server.ca_file`.
///
/// There is deliberately no way to turn certificate verification off: a self-signed or private-CA server is
/// trusted by naming its certificate (or CA) in `server.ca_file`.
package enum TrustedCAs {
    static let untrustedMessage =
        "the server's TLS certificate is not trusted: if it is signed by a private CA (or self-signed), "
        + "name that CA's PEM file in server.ca_file"

    /// A client TLS configuration that trusts only the certificates in `caFile`, with full verification.
    /// - Throws: `config-invalid` when the file cannot be read or holds no PEM certificate.
    package static func tls(caFile: String) throws(IngestError) -> TLSConfiguration {
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(caFile)
        } catch {
            throw IngestError(
                .configInvalid, "server.ca_file: cannot read a PEM certificate bundle", file: caFile, cause: error)
        }
        guard !certificates.isEmpty else {
            throw IngestError(.configInvalid, "server.ca_file: no PEM certificate in the file", file: caFile)
        }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(certificates)
        tls.certificateVerification = .fullVerification
        return tls
    }

    /// True when `error` is a TLS handshake that failed (for an HTTPS server: almost always its certificate).
    static func isCertificateFailure(_ error: any Error) -> Bool {
        error is NIOSSLError || error is BoringSSLError
    }
}
