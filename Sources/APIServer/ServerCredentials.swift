import Crypto
import Foundation
import KubeModel
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
        /// Empty for the narrow users (token only).
        public var certificatePEM: String
        public var keyPEM: String
        /// What the user may do, as RBAC rules (admin: everything; viewer: get, list, watch).
        public var rules: [AccessRule]

        /// Whether any of the user's rules allows `attributes`.
        public func allows(_ attributes: ResourceAttributes) -> Bool { rules.contains { $0.allows(attributes) } }
    }

    /// The users beyond admin and viewer, each as narrow as one use of the plugin needs, on the
    /// default demo's Rollout `shop/cart` (paused at a step, to promote) and namespace `shop`:
    /// - `cart-promoter`: get and patch that one rollout (and its status) by resourceNames, as
    ///   every plugin action but `undo` needs;
    /// - `cart-operator`: the same, and list ReplicaSets in `shop`, as `undo` needs;
    /// - `shop-viewer`: get, list and watch in `shop` only, as `list` and `get` need there;
    /// - `spec-patcher`: read `shop` and patch its rollouts, but not their `status` (which the
    ///   console's promote needs first): the console shows such a narrower role's actions disabled.
    public static let narrowUsers: [(name: String, rules: [AccessRule])] = {
        let cart = AccessRule(verbs: ["get", "patch"], groups: ["argoproj.io"], resources: ["rollouts", "rollouts/status"],
                              resourceNames: ["cart"], namespace: "shop")
        let shopReader = AccessRule(verbs: ["get", "list", "watch"], namespace: "shop")
        let replicaSets = AccessRule(verbs: ["list"], groups: ["apps"], resources: ["replicasets"], namespace: "shop")
        return [("cart-promoter", [cart]), ("cart-operator", [cart, replicaSets]),
                ("shop-viewer", [shopReader]),
                ("spec-patcher", [shopReader, AccessRule(verbs: ["patch"], groups: ["argoproj.io"], resources: ["rollouts"], namespace: "shop")])]
    }()

    public var caPEM: String
    public var caKeyPEM: String
    public var servingCertificatePEM: String
    public var servingKeyPEM: String
    public var admin: User
    public var viewer: User
    /// `narrowUsers`, in that order, by bearer token only (no certificate: the server starts as fast as before).
    public var narrow: [User]

    public var adminToken: String { admin.token }
    public var viewerToken: String { viewer.token }
    public var adminCertPEM: String { admin.certificatePEM }
    public var adminKeyPEM: String { admin.keyPEM }
    public var viewerCertPEM: String { viewer.certificatePEM }
    public var viewerKeyPEM: String { viewer.keyPEM }

    public var users: [User] { [admin, viewer] + narrow }

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

        func user(_ name: String, groups: [String], rules: [AccessRule]) throws -> User {
            let subject = try DistinguishedName {
                for g in groups { OrganizationName(g) }
                CommonName(name)
            }
            let (cert, key) = try leaf(subject: subject, server: false)
            return User(name: name, groups: groups, token: randomToken(), certificatePEM: cert, keyPEM: key, rules: rules)
        }

        let serving = try leaf(subject: try DistinguishedName { CommonName("kube-apiserver") }, server: true)
        return ServerCredentials(
            caPEM: try ca.serializeAsPEM().pemString, caKeyPEM: caKey.pemRepresentation,
            servingCertificatePEM: serving.0, servingKeyPEM: serving.1,
            admin: try user("admin", groups: ["system:masters"], rules: [.all]),
            viewer: try user("viewer", groups: ["rollscope:viewers"], rules: [.readAll]),
            narrow: narrowUsers.map {
                User(name: $0.name, groups: ["rollscope:narrow"], token: randomToken(), certificatePEM: "", keyPEM: "", rules: $0.rules)
            })
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
