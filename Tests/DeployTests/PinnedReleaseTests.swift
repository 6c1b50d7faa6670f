import Testing
@testable import Deploy

/// The brief's node command works without --version: each SVM/network with a known release
/// has a pinned default (version, checksum, date); --version overrides it.
struct PinnedReleaseTests {
    @Test func theBriefsCommandNeedsNoVersion() throws {
        for network in ["mainnet", "testnet", "devnet"] {
            let spec = try DeployRequest(target: "root@10.0.0.5", svm: "solana", nodeType: "rpc", network: network).spec()
            let pin = try #require(PinnedReleases.release(svm: "solana", network: network))
            #expect(spec.version == pin.version)
            #expect(pin.pinnedOn.count == 10 && pin.sha256?.count == 64)
            guard case .download(let url, let sha) = spec.binary else { Issue.record("expected a download"); continue }
            #expect(url == "https://github.com/anza-xyz/agave/releases/download/v\(pin.version)/solana-release-x86_64-unknown-linux-gnu.tar.bz2")
            #expect(sha == pin.sha256)
        }
    }

    @Test func versionOverridesThePinAndItsChecksum() throws {
        var r = DeployRequest(target: "root@10.0.0.5", svm: "solana", nodeType: "rpc", network: "devnet")
        r.version = "2.2.1"
        let spec = try r.spec()
        #expect(spec.version == "2.2.1")
        guard case .download(let url, let sha) = spec.binary else { Issue.record("expected a download"); return }
        #expect(url.contains("/v2.2.1/") && sha == nil)
        // A custom archive URL never gets the pinned checksum of the official one.
        var custom = DeployRequest(target: "root@10.0.0.5", svm: "solana", nodeType: "rpc", network: "devnet")
        custom.releaseURL = "https://example.invalid/agave-{version}.tar.bz2"
        guard case .download(let u2, let s2) = try custom.spec().binary else { Issue.record("expected a download"); return }
        #expect(u2 == "https://example.invalid/agave-\(PinnedReleases.agave.version).tar.bz2" && s2 == nil)
    }

    @Test func forksWithoutAReleaseStillAskForABinary() {
        #expect(PinnedReleases.release(svm: "sonic", network: "devnet") == nil)
        #expect(throws: DeployError.self) { try DeployRequest(target: "root@h", svm: "sonic", nodeType: "rpc", network: "devnet").spec() }
    }
}
