import Foundation
import SlipwayCore
import Testing

/// The bounded parsers behind CD repository scripts and agent keys: a property file's lines, the
/// depot a `repoUrl` names, and the public key an agent reports.
@Suite struct CdScriptInputTests {
    @Test func aPropertyFileGivesDataAndRefusesWhatTheShellActsOn() throws {
        let file = try CdPropertyFile("# comment\n\n  NAME = a b $(id) `x`\r\n! other comment\nEMPTY=\nURL=http://h/?a=b\n")
        #expect(file.values == ["NAME": "a b $(id) `x`", "EMPTY": "", "URL": "http://h/?a=b"])
        let bad: [(String, String)] = [
            ("A=1\nno equals here\n", "line 2: is not KEY=VALUE"),
            ("BASH_ENV=/tmp/x\n", "line 1: BASH_ENV is a name the shell"),
            ("LD_PRELOAD=/tmp/x.so\n", "line 1: LD_PRELOAD is a name"),
            ("A=1\nGLIBC_TUNABLES=glibc.malloc.check=3\n", "line 2: GLIBC_TUNABLES is a name"),
            ("MALLOC_PERTURB_=1\n", "line 1: MALLOC_PERTURB_ is a name"),
            ("TZDIR=/tmp\n", "line 1: TZDIR is a name"),
            ("SLIPWAY_AGENT_SSH_KEY=/x\n", "line 1: SLIPWAY_AGENT_SSH_KEY is a name"),
            ("1X=2\n", "line 1: \"1X\" is not a variable name"),
            (String(repeating: "A=1\n", count: 20_000), "is larger than"),
            ((0...CdPropertyFile.maxEntries).map { "K\($0)=v\n" }.joined(), "more than \(CdPropertyFile.maxEntries) properties"),
        ]
        for (text, message) in bad {
            #expect(throws: CdPropertyFileError.self) { try CdPropertyFile(text) }
            do {
                _ = try CdPropertyFile(text)
            } catch {
                #expect(error.description.contains(message), "\(message): \(error)")
            }
        }
    }

    @Test func aRepoURLNamesADepotHostedHere() {
        let full = CdScriptStage.depot(of: "https://ci.example.com:7575/acme/web/deploy-scripts.git")
        #expect(full?.team == "acme" && full?.project == "web" && full?.depot == "deploy-scripts")
        let short = CdScriptStage.depot(of: "web/scripts")
        #expect(short != nil && short?.team == nil && short?.project == "web" && short?.depot == "scripts")
        for bad in [
            "ssh://h/acme/web/s.git", "file:///srv/git/acme/web/s.git", "http://h/acme/web/s", "http://h/web/s.git", "web/../s", "web/.git",
            "/web/s", "web/s/t", "http://h/acme/we b/s.git",
        ] {
            #expect(CdScriptStage.depot(of: bad) == nil, "\(bad)")
        }
        #expect(CdScriptStage.isRelativePath("deploy/run.sh") && !CdScriptStage.isRelativePath("deploy//run.sh"))
        #expect(!CdScriptStage.isRelativePath("deploy/../../x") && !CdScriptStage.isRelativePath("/x") && !CdScriptStage.isRelativePath("a\n"))
    }

    @Test func anAgentReportsOnePublicKeyLine() {
        let blob = Data([0, 0, 0, 11]) + Data("ssh-ed25519".utf8) + Data([0, 0, 0, 32]) + Data(repeating: 7, count: 32)
        let key = "ssh-ed25519 " + blob.base64EncodedString()
        #expect(Agent.sshPublicKeyLine(key + " root@machine", name: "b1") == key + " slipway-agent-b1")
        let rsa = "ssh-rsa " + blob.base64EncodedString()
        for bad in [rsa, "ssh-dss " + blob.base64EncodedString(), key + "\nssh-ed25519 x", key + " a b", "-----BEGIN OPENSSH PRIVATE KEY-----", ""] {
            #expect(Agent.sshPublicKeyLine(bad, name: "b1") == nil, "\(bad)")
        }
    }
}
