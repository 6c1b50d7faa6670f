import Testing
@testable import OSVMSettings

/// The `--debug` trace echoes osvm's command line: URLs and secret flag values are masked.
struct RedactArgumentsTests {
    @Test func urlsAndSecretFlagValuesAreMasked() {
        #expect(Redact.arguments(["rpc", "slot", "-u", "http://alice:pw@127.0.0.1:9/x?api-key=K1", "--ai-key", "sk-proj-123456789"])
                == ["rpc", "slot", "-u", "http://***@127.0.0.1:9/x?api-key=***", "--ai-key", "***"])
        #expect(Redact.arguments(["--url=https://h.example/?token=T", "--ai-key=sk-x", "--token", "abc", "devnet"])
                == ["--url=https://h.example/?token=***", "--ai-key=***", "--token", "***", "devnet"])
        // Nothing secret: unchanged, including a trailing secret flag with no value.
        #expect(Redact.arguments(["balance", "9xQe", "--keypair", "/k.json", "--ai-key"])
                == ["balance", "9xQe", "--keypair", "/k.json", "--ai-key"])
    }
}
