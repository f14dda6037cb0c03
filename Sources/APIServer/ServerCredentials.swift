import Crypto
import Foundation
import SwiftASN1
import X509

/// The certificate authority, serving certificate, client certificates and bearer tokens the
/// embedded server makes for itself at start (as kubeadm does for a real cluster). Everything is
/// PEM so that kubectl, libcurl and a kubeconfig can use it directly.
public struct ServerCredentials: Sendable {
    /// One user of the cluster, by bearer token or by client certificate.
    public struct User: Sendable {
        public var name: String
        /// Groups, as in a certificate's O= (admin is in `system:masters`).
        public var groups: [String]
        public var token: String
        public var certificatePEM: String
        public var keyPEM: String
        /// Whether the user may write (admin) or only get, list and watch (viewer).
        public var canWrite: Bool
    }

    public var caPEM: String
    public var caKeyPEM: String
    public var servingCertificatePEM: String
    public var servingKeyPEM: String
    public var admin: User
    public var viewer: User

    public var adminToken: String { admin.token }
    public var viewerToken: String { viewer.token }
    public var adminCertPEM: String { admin.certificatePEM }
    public var adminKeyPEM: String { admin.keyPEM }
    public var viewerCertPEM: String { viewer.certificatePEM }
    public var viewerKeyPEM: String { viewer.keyPEM }

    public var users: [User] { [admin, viewer] }

    /// Makes a new CA (P-256, valid a year) and signs a serving certificate for 127.0.0.1 and
    /// localhost and a client certificate per user; tokens are 32 random bytes, hex.
    public static func generate(now: Date = Date()) throws -> ServerCredentials {
        let caKey = P256.Signing.PrivateKey()
        let caName = try DistinguishedName { CommonName("rollscope-demo-ca") }
        let notBefore = now.addingTimeInterval(-3600)
        let notAfter = now.addingTimeInterval(365 * 86400)
        let ca = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(caKey.publicKey),
            notValidBefore: notBefore, notValidAfter: notAfter, issuer: caName, subject: caName,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: Certificate.PublicKey(caKey.publicKey))
            },
            issuerPrivateKey: .init(caKey))

        func leaf(subject: DistinguishedName, server: Bool) throws -> (String, String) {
            let key = P256.Signing.PrivateKey()
            let cert = try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
                notValidBefore: notBefore, notValidAfter: notAfter, issuer: caName, subject: subject,
                signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                    try ExtendedKeyUsage([server ? .serverAuth : .clientAuth])
                    AuthorityKeyIdentifier(keyIdentifier: ArraySlice(SubjectKeyIdentifier(hash: Certificate.PublicKey(caKey.publicKey)).keyIdentifier))
                    if server {
                        SubjectAlternativeNames([.dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))])
                    }
                },
                issuerPrivateKey: .init(caKey))
            return (try cert.serializeAsPEM().pemString, key.pemRepresentation)
        }

        func user(_ name: String, groups: [String], canWrite: Bool) throws -> User {
            let subject = try DistinguishedName {
                for g in groups { OrganizationName(g) }
                CommonName(name)
            }
            let (cert, key) = try leaf(subject: subject, server: false)
            return User(name: name, groups: groups, token: randomToken(), certificatePEM: cert, keyPEM: key, canWrite: canWrite)
        }

        let serving = try leaf(subject: try DistinguishedName { CommonName("kube-apiserver") }, server: true)
        return ServerCredentials(
            caPEM: try ca.serializeAsPEM().pemString, caKeyPEM: caKey.pemRepresentation,
            servingCertificatePEM: serving.0, servingKeyPEM: serving.1,
            admin: try user("admin", groups: ["system:masters"], canWrite: true),
            viewer: try user("viewer", groups: ["rollscope:viewers"], canWrite: false))
    }

    static func randomToken() -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &g)) }.joined()
    }

    /// The user a bearer token belongs to.
    public func user(token: String) -> User? { users.first { $0.token == token } }

    /// The user a verified client certificate names (its CN).
    public func user(commonName: String) -> User? { users.first { $0.name == commonName } }
}
