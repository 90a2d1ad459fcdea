import Foundation
import SlipwayCore
import Testing

/// Keys generated once with `ssh-keygen -t ed25519` / `-t rsa -b 2048`; fingerprints are what
/// `ssh-keygen -lf` and `ssh-keygen -l -E md5 -f` printed for them.
enum TestKeys {
    static let ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKPfQ+EaadaCwXcsL1MzN7ZEuxm5La7Hlx4CA611O0B+ test@slipway"
    static let ed25519SHA256 = "SHA256:9kF572cFPKedZP8yAAVNny0LrcT+OXHle2Q+QLbX3B4"
    static let ed25519MD5 = "b6:ad:ef:e5:3d:73:27:f6:e0:b4:cb:40:d8:ba:ef:f5"
    static let rsa =
        "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC5LwI8TR4jY/gTbShKlSKYS7zIlr+sajbiG5uJ2igDwFmKK7sBYVdw1cHyvfbh/zga/Rr71SIFFjQzGN1tNOH/7n7DzrGz5STCNtYg/bQqITOEEv3odGAYLwYtjVxS14UQTbUiv2EfH1cz0D5t5JM2BVq8Ww6o3ZBAFr/1FtLTCB92hrOq8Z3Hr09Aob5+hl3rGroO6XD6q0s8XKxjQ4UJ8ykGjd/3bsA8jy0omlOedN8DqzT8FomufBPgWjn7DN9ZjYQ4FFWkxUqPL6dikSdL3qbUp285XOxGVB8238MsBTclbk9EkwoPs0PJTMoKevMRMRfl0qZ//6eNSvaorQGx rsa@slipway"
    static let rsaSHA256 = "SHA256:cxFRQ2TlfqkVcM/rA8hn8ni+vs3Dukv+O7grWLClW3M"
    static let rsaMD5 = "bd:13:8f:f6:2a:68:12:f2:32:ba:0e:8a:60:2f:2a:98"
}

@Suite("CODING SSH keys, deploy keys and releases")
struct KeyAndReleaseTests {
    @Test(arguments: CodingStoreKind.enabled)
    func sshKeysAreFingerprintedLikeSSHKeygen(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            for (key, sha, md5) in [
                (TestKeys.ed25519, TestKeys.ed25519SHA256, TestKeys.ed25519MD5),
                (TestKeys.rsa, TestKeys.rsaSHA256, TestKeys.rsaMD5),
            ] {
                let r = try await h.action("CreateSshKey", #"{"Title":"laptop","Content":"\#(key)","ExpirationDate":"9999-12-31"}"#).response
                #expect(r["SshKeyInfo"]["FingerPrintSha256"].string == sha, "\(r)")
                #expect(r["SshKeyInfo"]["FingerPrint"].string == md5)
                #expect(r["SshKeyInfo"]["HasExpired"].bool == false)
            }
            let dup = try await h.action("CreateSshKey", #"{"Title":"again","Content":"\#(TestKeys.ed25519)"}"#).response
            #expect(dup["Error"]["Code"].string == "FailedOperation")
            for bad in [
                "ssh-ed25519 AAAA", "not a key", "ssh-rsa " + TestKeys.ed25519.split(separator: " ")[1],
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKPf",
            ] {
                let r = try await h.action("CreateSshKey", #"{"Title":"bad","Content":"\#(bad)"}"#).response
                #expect(r["Error"]["Code"].string == "InvalidParameterValue", "\(bad): \(r)")
            }
            let listed = try await h.action("DescribeSshKey").response["SshKeyInfos"].array
            #expect(listed.map { $0["Title"].string } == ["laptop", "laptop"])
            let id = try #require(listed[0]["Id"].int)
            #expect(try await h.action("DeleteSshKey", #"{"SshKeyId":\#(id)}"#).response["Error"].isNull)
            #expect(try await h.action("DescribeSshKey").response["SshKeyInfos"].array.count == 1)

            // A key generated now, when ssh-keygen is available, matches what it prints.
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh-keygen") {
                try await withScratch { dir in
                    _ = try await runProcess(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir + "/k"], in: dir)
                    let pub = try String(contentsOfFile: dir + "/k.pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
                    let printed = try await runProcess(["ssh-keygen", "-lf", dir + "/k.pub"], in: dir).stdout
                    let r = try await h.action("CreateSshKey", #"{"Title":"fresh","Content":"\#(pub)"}"#).response
                    let fingerprint = try #require(r["SshKeyInfo"]["FingerPrintSha256"].string, "\(r)")
                    #expect(printed.split(separator: " ")[1] == Substring(fingerprint))
                }
            }
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func deployKeys(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let project = try await h.makeProject("alpha")
            let depot = try await h.makeDepot(project, "app")
            let created = try await h.action(
                "CreateGitDeployKey", #"{"DepotId":\#(depot),"Title":"ci","Content":"\#(TestKeys.rsa)","AllowWrite":true}"#
            ).response
            #expect(created["Error"].isNull, "\(created)")
            let keys = try await h.action("DescribeGitDepotDeployKeys", #"{"DepotId":\#(depot)}"#).response["Keys"]
            #expect(keys[0]["FingerPrint"].string == TestKeys.rsaMD5)
            #expect(keys[0]["AllowWrite"].bool == true)
            #expect(keys[0]["OwnerName"].string == "admin")
            let byProject = try await h.action("DescribeGitProjectDeployKeys", #"{"ProjectId":\#(project)}"#).response["Keys"]
            #expect(byProject.array.count == 1)
            let keyID = try #require(keys[0]["KeyId"].int)
            #expect(try await h.action("DeleteGitDeployKey", #"{"DepotId":\#(depot),"DeployKeyId":\#(keyID)}"#).response["Error"].isNull)
            #expect(try await h.action("DescribeGitDepotDeployKeys", #"{"DepotId":\#(depot)}"#).response["Keys"].array.isEmpty)
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func releasesCreateTheirTags(_ kind: CodingStoreKind) async throws {
        try await withCoding(kind, .live) { h in
            try await withScratch { scratch in
                let w = try await Workspace.make(h, in: scratch)
                let head = try await w.rev("HEAD")
                let r = try await w.action(
                    "CreateGitRelease",
                    #""TagName":"v1.0","CommitSha":"","TargetCommitish":"master","Title":"One","Description":"first","Pre":false"#)
                #expect(r["Error"].isNull, "\(r)")
                #expect(try await w.remote("refs/tags/v1.0") == head)
                let dup = try await w.action(
                    "CreateGitRelease", #""TagName":"v1.0","CommitSha":"","TargetCommitish":"master","Title":"dup","Description":"","Pre":false"#)
                #expect(dup["Error"]["Code"].string == "FailedOperation")
                _ = try await w.action(
                    "CreateGitRelease", #""TagName":"v2.0-rc","CommitSha":"\#(head)","TargetCommitish":"","Title":"Two","Description":"","Pre":true"#)
                let all = try await w.action("DescribeGitReleases", #""PageNumber":1,"PageSize":10"#)["ReleasePageList"]
                #expect(all["TotalCount"].int == 2)
                #expect(all["Releases"].array.map { $0["TagName"].string } == ["v2.0-rc", "v1.0"])
                let pre = try await w.action("DescribeGitReleases", #""Status":2"#)["ReleasePageList"]
                #expect(pre["Releases"].array.map { $0["Iid"].int } == [2])
                _ = try await w.action("ModifyGitRelease", #""Iid":1,"Title":"One!","Pre":true"#)
                let one = try await w.action("DescribeGitReleaseDetail", #""Iid":1"#)["Release"]
                #expect(one["Title"].string == "One!")
                #expect(one["Pre"].bool == true)
                #expect(one["CommitSha"].string == head)
                #expect(one["Html"].string == "<p>first</p>")
                #expect(try await w.action("DeleteGitRelease", #""TagName":"v1.0""#)["Error"].isNull)
                #expect(try await w.action("DescribeGitReleases", "")["ReleasePageList"]["TotalCount"].int == 1)
                #expect(try await w.remote("refs/tags/v1.0") == head)
            }
        }
    }
}
