import Foundation
import Testing

/// `rollscope demo --serve --clusters 3 --stdin-commands`: each kubeconfig context reads its own
/// cluster, where the one release stands differently; `stop prod-eu` on standard input takes that
/// cluster's server down while staging keeps serving, `start prod-eu` brings it back with its state.
@Suite(.serialized) struct DemoFleetEndToEndTests {
    @Test func eachContextReadsItsOwnClusterAndOneGoesDownAndComesBack() throws {
        let fleet = try FleetServer()
        for name in ["staging", "prod-eu", "prod-us"] { #expect(fleet.printed.contains("cluster \(name) serving at https://127.0.0.1:")) }
        let staging = try fleet.rollouts("staging")
        let prodEU = try fleet.rollouts("prod-eu")
        let prodUS = try fleet.rollouts("prod-us")
        #expect(staging.status == 0 && prodEU.status == 0 && prodUS.status == 0)
        let olderInstall = Set(prodEU.phases.keys).subtracting(["shop/checkout"]).union(["shop-us/checkout-v2"])
        #expect(Set(staging.phases.keys) == Set(prodEU.phases.keys) && olderInstall == Set(prodUS.phases.keys),
                "the same applications in every cluster (prod-us's checkout an older install, shop-us/checkout-v2)")
        #expect(staging.phases["shop/cart"] == "Healthy" && prodEU.phases["shop/cart"] == "Paused" && prodUS.phases["shop/cart"] == "Healthy")
        #expect(prodEU.phases["shop/payments"] == "Degraded")

        #expect(fleet.command("stop prod-eu", answer: "prod-eu: server stopped"))
        #expect(try fleet.rollouts("prod-eu").status != 0, "prod-eu is down")
        let servingOn = try fleet.rollouts("staging")
        #expect(servingOn.status == 0 && servingOn.phases["shop/cart"] == "Healthy", "staging serves on")
        #expect(fleet.command("start prod-eu", answer: "prod-eu: serving again at https://127.0.0.1:"))
        let back = try fleet.rollouts("prod-eu")
        #expect(back.status == 0)
        #expect(back.phases["shop/cart"] == "Paused" && back.phases["shop/payments"] == "Degraded", "its state kept")
        #expect(fleet.command("start prod-eu", answer: "error: prod-eu: the server of prod-eu is serving already"))
    }

    @Test func theClusterCountIsChecked() throws {
        for (arguments, message) in [(["--clusters", "0"], "--clusters must be between 1 and 16, not 0"),
                                     (["--clusters", "17"], "--clusters must be between 1 and 16, not 17"),
                                     (["--clusters", "3", "--port", "65534"], "--port 65534 leaves no room for 3 clusters")] {
            let r = try runForErrors(["demo", "--serve"] + arguments)
            #expect(r.status == 1 && r.errors.contains(message), "\(arguments): \(r.errors)")
        }
        let console = try runForErrors(["--demo", "--clusters", "20"])
        #expect(console.status == 1 && console.errors.contains("--clusters must be between 1 and 16, not 20"), "\(console.errors)")
    }
}
