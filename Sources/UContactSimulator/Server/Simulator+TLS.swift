import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOSSL

extension Simulator {
    /// Plain HTTP/1.1, or HTTPS when the configuration has a certificate.
    /// - Throws: ``SimulatorError`` (`configuration`) when the certificate or key cannot be loaded.
    func serverBuilder() throws(SimulatorError) -> HTTPServerBuilder {
        guard let tls = configuration.tls else { return .http1() }
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(tls.certificatePath).map {
                NIOSSLCertificateSource.certificate($0)
            }
            let key = try NIOSSLPrivateKey(file: tls.privateKeyPath, format: .pem)
            let server = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
            return try .tls(.http1(), tlsConfiguration: server)
        } catch {
            throw SimulatorError(code: .configuration, message: "cannot load the TLS certificate or key", cause: error)
        }
    }
}
