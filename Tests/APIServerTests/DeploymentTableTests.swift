import Foundation
import JSONValue
import KubeModel
import Testing
@testable import APIServer

/// `kubectl get deployments` against the embedded server prints kube-apiserver's columns:
/// NAME READY (ready of desired) UP-TO-DATE AVAILABLE AGE.
@Suite struct DeploymentTableTests {
    @Test func deploymentColumns() throws {
        let now = Date(timeIntervalSince1970: 1_765_000_000)
        let d: JSON = ["metadata": ["name": "web", "creationTimestamp": .string(KubeTime.format(now.addingTimeInterval(-300)))],
                       "spec": ["replicas": 3], "status": ["replicas": 4, "updatedReplicas": 2, "readyReplicas": 3]]
        let table = TableConverter(resource: .deployments, now: now).table([StoredObject(json: d, resourceVersion: 9)], resourceVersion: 9)
        #expect(table["columnDefinitions"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Name", "Ready", "Up-to-date", "Available", "Age"])
        #expect(table["rows"]?.arrayValue?.first?["cells"] == ["web", "3/3", 2, 0, "5m"])
    }
}
