/// HTTPS for the simulator: a PEM certificate (chain) and its private key, as a real uContact server has.
///
/// Tests generate a self-signed pair to check that the client refuses a certificate it was not told to trust.
public struct SimulatorTLS: Sendable {
    /// PEM file with the server certificate, then any intermediates.
    public var certificatePath: String
    /// PEM file with the certificate's private key.
    public var privateKeyPath: String

    public init(certificatePath: String, privateKeyPath: String) {
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
    }
}
