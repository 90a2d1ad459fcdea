import Foundation
import SQLKit
import SlipwayCore
import SlipwayStore
import Testing

/// CODING CD's deployment targets: host server groups and cloud accounts, kept by team
/// administrators, their secrets sealed at rest and never answered.
@Suite struct CdTargetTests {
    static let group =
        #"{"AgentMachineId":0,"DisplayName":"web-hosts","AuthMethod":"PASSWORD","UserName":"deploy","Port":22,"Ips":["127.0.0.1","10.0.0.2","db.internal"],"Password":"pw-secret-4711","Labels":[{"Key":"env","Value":"prod"}]}"#

    @Test(arguments: CodingStoreKind.enabled)
    func hostGroupsKeepTheirPasswordSealedAndNeverAnswerIt(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let created = try await h.action("CreateCdHostServerGroup", Self.group)
            #expect(created.response["Error"].isNull, "\(created.text)")
            let id = try #require(created.response["Data"]["HostServerGroup"]["Id"].int)
            #expect(created.response["Data"]["HostServerGroup"]["Account"].string == "cred-0-\(id)")
            #expect(created.response["Data"]["HostServerGroup"]["AgentMachine"]["Name"].string == "slipway-server")

            let described = try await h.action("DescribeCdHostServerGroup", #"{"Id":\#(id)}"#)
            let shown = described.response["Data"]["HostServerGroup"]
            #expect(shown["Ips"].array.compactMap(\.string) == ["127.0.0.1", "10.0.0.2", "db.internal"])
            #expect(shown["Labels"][0]["Key"].string == "env" && shown["Labels"][0]["Value"].string == "prod")
            #expect(shown["AuthMethod"].string == "PASSWORD" && shown["UserName"].string == "deploy" && shown["Port"].int == 22)
            #expect(!described.text.contains("pw-secret-4711") && !created.text.contains("pw-secret-4711"))

            // At rest the password is sealed; a modify that does not resend it keeps it.
            let raw = try await h.store.sql.read { db in
                try await db.select().column("password").from("cd_host_server_groups").where("id", .equal, id)
                    .first(decodingColumn: "password", as: String.self)
            }
            #expect(raw?.isEmpty == false && raw?.contains("pw-secret-4711") == false)
            let modified = try await h.action(
                "ModifyCdHostServerGroup",
                #"{"Id":\#(id),"AgentMachineId":0,"DisplayName":"web-hosts","AuthMethod":"PASSWORD","UserName":"deploy","Port":2222,"Ips":["127.0.0.1"]}"#
            )
            #expect(modified.response["Error"].isNull, "\(modified.text)")
            let stored = try #require(try await h.store.hostServerGroups.get(id: id))
            #expect(stored.password == "pw-secret-4711" && stored.port == 2222 && stored.ips == ["127.0.0.1"])

            let listed = try await h.action("DescribeCdHostServerGroups", #"{"Keyword":"WEB","PageNumber":1,"PageSize":10}"#)
            #expect(listed.response["Data"]["HostServerGroups"].array.count == 1, "\(listed.text)")
            #expect(listed.response["Data"]["TotalRow"].int == 1 && listed.response["Data"]["TotalPage"].int == 1)
            let none = try await h.action("DescribeCdHostServerGroups", #"{"Keyword":"%"}"#)
            #expect(none.response["Data"]["HostServerGroups"].array.isEmpty, "a keyword matches literally: \(none.text)")

            #expect(try await h.action("DeleteCdHostServerGroup", #"{"Id":\#(id)}"#).response["Error"].isNull)
            let gone = try await h.action("DescribeCdHostServerGroup", #"{"Id":\#(id)}"#)
            #expect(gone.response["Error"]["Code"].string == "ResourceNotFound")
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func badHostGroupsAreRefusedAndNothingIsStored(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let bad: [(String, String)] = [
                (#""AuthMethod":"PASSWORD""#, #""AuthMethod":"KEY""#),
                (#""Port":22"#, #""Port":70000"#),
                (#""UserName":"deploy""#, #""UserName":"-oProxyCommand=touch /tmp/x""#),
                (#""Ips":["127.0.0.1","10.0.0.2","db.internal"]"#, #""Ips":["127.0.0.1; rm -rf /"]"#),
                (#""Ips":["127.0.0.1","10.0.0.2","db.internal"]"#, #""Ips":[]"#),
                (#""Ips":["127.0.0.1","10.0.0.2","db.internal"]"#, #""Ips":"127.0.0.1""#),
                (#""Password":"pw-secret-4711","#, ""),
                (#""AgentMachineId":0"#, #""AgentMachineId":999"#),
                (#""DisplayName":"web-hosts""#, #""DisplayName":"""#),
            ]
            for (from, to) in bad {
                let body = Self.group.replacingOccurrences(of: from, with: to)
                #expect(body != Self.group, "\(from)")
                let reply = try await h.action("CreateCdHostServerGroup", body)
                #expect(reply.status == .ok)
                let code = reply.response["Error"]["Code"].string ?? ""
                #expect(["InvalidParameterValue", "InvalidParameter", "MissingParameter", "ResourceNotFound"].contains(code), "\(to): \(reply.text)")
            }
            #expect(try await h.store.hostServerGroups.list(keyword: "", page: 1, pageSize: 10).total == 0)
            #expect(try await h.action("CreateCdHostServerGroup", Self.group).response["Error"].isNull)
            let twice = try await h.action("CreateCdHostServerGroup", Self.group)
            #expect(twice.response["Error"]["Code"].string == "FailedOperation", "\(twice.text)")
            #expect(try await h.store.hostServerGroups.list(keyword: "", page: 1, pageSize: 10).total == 1)
        }
    }

    @Test(arguments: CodingStoreKind.enabled)
    func onlyTeamAdministratorsReachDeployTargets(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let created = try await h.action("CreateCdHostServerGroup", Self.group)
            let id = try #require(created.response["Data"]["HostServerGroup"]["Id"].int)
            // A read-only project member is no team administrator.
            _ = try await h.makeProject("alpha")
            let (reader, member) = try await h.makeUser("member")
            try await h.store.roles.addBindings(namespace: "alpha", role: "read-only", subjects: [.user(uid: reader.uid)])
            let calls: [(String, String)] = [
                ("DescribeCdAgentMachines", "{}"), ("DescribeCdHostServerGroups", "{}"), ("DescribeCdHostServerGroup", #"{"Id":\#(id)}"#),
                ("CreateCdHostServerGroup", Self.group.replacingOccurrences(of: "web-hosts", with: "other")),
                ("ModifyCdHostServerGroup", Self.group.replacingOccurrences(of: "{", with: #"{"Id":\#(id),"#)),
                ("DeleteCdHostServerGroup", #"{"Id":\#(id)}"#), ("DescribeCdCloudAccounts", "{}"),
                ("CreateCdCloudAccount", Self.tencent), ("DeleteCdCloudAccount", #"{"Id":1}"#),
            ]
            for (action, body) in calls {
                let refused = try await h.action(action, body, token: member)
                #expect(refused.status == .ok)
                #expect(refused.response["Error"]["Code"].string == "UnauthorizedOperation", "\(action): \(refused.text)")
                let anonymous = try await h.action(action, body, anonymous: true)
                #expect(anonymous.response["Error"]["Code"].string == "AuthFailure", "\(action): \(anonymous.text)")
            }
            #expect(try await h.store.hostServerGroups.list(keyword: "", page: 1, pageSize: 10).items.map(\.displayName) == ["web-hosts"])
            #expect(try await h.store.cloudAccounts.list(keyword: "", page: 1, pageSize: 10).total == 0)
        }
    }

    static let tencent =
        #"{"CloudProvider":"TENCENT","Name":"tencent","Credential":{"KubernetesType":"DEFAULT","TencentCloudAccount":{"SecretId":"AKID1","SecretKey":"sk-secret-0815","Regions":["ap-guangzhou"]}}}"#

    @Test(arguments: CodingStoreKind.enabled)
    func cloudAccountsBlankTheirSecrets(kind: CodingStoreKind) async throws {
        try await withCoding(kind) { h in
            let kubeconfig = Data(
                "apiVersion: v1\nclusters:\n- name: c\n  cluster: {server: 'https://k8s.example:6443'}\nusers:\n- name: u\n  user: {token: kube-secret-42}\n"
                    .utf8
            ).base64EncodedString()
            let kube = try await h.action(
                "CreateCdCloudAccount",
                #"{"CloudProvider":"KUBERNETES","Name":"prod-k8s","Credential":{"KubernetesType":"KUBE_CONFIG","KubeConfig":{"KubeConfig":"\#(kubeconfig)","ClusterContext":"c","InsecureSkipTLSVerify":false,"OnlySpinnakerManaged":false}}}"#
            )
            #expect(kube.response["Error"].isNull, "\(kube.text)")
            #expect(kube.response["Data"]["CloudAccount"]["Credential"]["KubeConfig"]["KubeConfig"].string == "")
            #expect(kube.response["Data"]["CloudAccount"]["Credential"]["KubeConfig"]["ClusterContext"].string == "c")
            let tencent = try await h.action("CreateCdCloudAccount", Self.tencent)
            let tencentID = try #require(tencent.response["Data"]["CloudAccount"]["Id"].int, "\(tencent.text)")

            let listed = try await h.action("DescribeCdCloudAccounts", #"{"PageNumber":1,"PageSize":10}"#)
            #expect(listed.response["Data"]["CloudAccounts"].array.map { $0["Name"].string } == ["prod-k8s", "tencent"])
            #expect(listed.response["Data"]["TotalRow"].string == "2", "the vendor types it as a string: \(listed.text)")
            for secret in ["sk-secret-0815", kubeconfig, "kube-secret-42"] { #expect(!listed.text.contains(secret)) }
            let raw = try await h.store.sql.read { db in
                try await db.select().column("credential").from("cd_cloud_accounts").all(decodingColumn: "credential", as: String.self)
            }
            #expect(raw.count == 2 && !raw.joined().contains("sk-secret-0815") && !raw.joined().contains(kubeconfig))

            // A rename that does not resend the secret key keeps it.
            let renamed = try await h.action(
                "ModifyCdCloudAccount",
                #"{"Id":\#(tencentID),"Name":"tencent-gz","Credential":{"KubernetesType":"DEFAULT","TencentCloudAccount":{"SecretId":"AKID1","Regions":[]}}}"#
            )
            #expect(renamed.response["Error"].isNull, "\(renamed.text)")
            #expect(try await h.store.cloudAccounts.get(id: tencentID)?.credential.tencent.secretKey == "sk-secret-0815")

            let bad = [
                #"{"CloudProvider":"AWS","Name":"x","Credential":{}}"#,
                #"{"CloudProvider":"KUBERNETES","Name":"x","Credential":{"KubernetesType":"KUBE_CONFIG","KubeConfig":{"KubeConfig":"not base64!"}}}"#,
                #"{"CloudProvider":"KUBERNETES","Name":"x","Credential":{"KubernetesType":"KUBE_CONFIG","KubeConfig":{"KubeConfig":"\#(Data("a: [1".utf8).base64EncodedString())"}}}"#,
                #"{"CloudProvider":"KUBERNETES","Name":"x","Credential":{"KubernetesType":"SERVICE_ACCOUNT","ServiceAccount":{"Secret":"s","Server":"ftp://x"}}}"#,
                #"{"CloudProvider":"KUBERNETES","Name":"x","Credential":{"KubernetesType":"TKE","TKEConfig":{"Region":"","ClusterId":""}}}"#,
                #"{"CloudProvider":"KUBERNETES","Name":"x","Credential":"text"}"#,
                #"{"CloudProvider":"KUBERNETES","Name":"x","Credential":{"KubeConfig":{"InsecureSkipTLSVerify":"maybe"}}}"#,
                #"{"CloudProvider":"TENCENT","Name":"x","Credential":{"TencentCloudAccount":{"SecretId":"a"}}}"#,
                #"{"CloudProvider":"TENCENT","Credential":{}}"#,
            ]
            for body in bad {
                let reply = try await h.action("CreateCdCloudAccount", body)
                #expect(reply.status == .ok)
                #expect(
                    ["InvalidParameterValue", "InvalidParameter", "MissingParameter"].contains(reply.response["Error"]["Code"].string ?? ""),
                    "\(body): \(reply.text)")
            }
            #expect(try await h.store.cloudAccounts.list(keyword: "", page: 1, pageSize: 10).total == 2)
            #expect(try await h.action("DeleteCdCloudAccount", #"{"Id":\#(tencentID)}"#).response["Error"].isNull)
            #expect(try await h.action("DeleteCdCloudAccount", #"{"Id":\#(tencentID)}"#).response["Error"]["Code"].string == "ResourceNotFound")
        }
    }
}
