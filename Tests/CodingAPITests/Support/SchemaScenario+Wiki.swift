import Foundation
import HTTPTypes
import SlipwayCore
import Testing

extension SchemaScenario {
    /// The wiki of project alpha: every wiki action once, the ZIP jobs through a real upload.
    func wiki() async throws {
        func p(_ fields: String) -> String { #"{"ProjectName":"alpha",\#(fields)}"# }
        let home = try await call("CreateWiki", p(##""Title":"Home","Content":"# Home","ParentIid":0,"Msg":"start""##))
        let iid = home["Data"]["Iid"].int ?? 0
        let child = try await call("CreateWiki", p(#""Title":"Child","Content":"c","ParentIid":\#(iid)"#))["Data"]["Iid"].int ?? 0
        try await call("ModifyWiki", p(#""Iid":\#(child),"Title":"Child","Content":"c2","Msg":"edit""#))
        try await call("DescribeWiki", p(#""Iid":\#(child),"VersionId":1"#))
        try await call("DescribeWikiList", p(#""ProjectName":"alpha""#))
        try await call("ModifyWikiOrder", p(#""Iid":\#(child),"ParentIid":0,"Forced":false"#))
        var zip = ZipBytes()
        zip.add("imported.md", "imported")
        let job = try await call("CreateWikiByZip", p(try await uploadFields(zip.bytes) + #","ParentIid":0"#))["JobId"].string ?? ""
        try await call("DescribeImportJobStatus", p(#""JobId":"\#(job)""#))
        let update = try await call("ModifyWikiByZip", p(try await uploadFields(zip.bytes) + #","Iid":\#(iid)"#))["JobId"].string ?? ""
        try await call("DescribeUpdateJobStatus", p(#""JobId":"\#(update)""#))
        try await settle("DescribeImportJobStatus", job)
        try await settle("DescribeUpdateJobStatus", update)
        try await call("DeleteWiki", p(#""Iid":\#(child)"#))
    }

    /// Waits for a ZIP job to end (so none outlives the scenario's storage); it must succeed.
    private func settle(_ action: String, _ job: String) async throws {
        for _ in 0..<300 {
            let status = try await h.action(action, #"{"ProjectName":"alpha","JobId":"\#(job)"}"#).response["Data"]["Status"].string
            if status == "SUCCEEDED" { return }
            if status == "FAILED" { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        await ledger.fail("\(action) \(job) did not succeed")
    }

    /// CreateUploadToken, then the upload: the fields a ZIP job takes.
    private func uploadFields(_ bytes: [UInt8]) async throws -> String {
        let token = try await call("CreateUploadToken", #"{"ProjectName":"alpha","FileName":"w.zip"}"#)["Token"]
        let path = URLComponents(string: token["UploadLink"].string ?? "")?.path ?? ""
        var headers = HTTPFields()
        headers[.authorization] = "token \(h.adminToken)"
        headers[HTTPField.Name("X-Upload-Token")!] = token["AuthToken"].string ?? ""
        _ = try await h.client.execute(uri: path, method: .put, headers: headers, body: .init(bytes: bytes))
        let key = token["UpToken"].string ?? "", secret = token["AuthToken"].string ?? ""
        return #""Key":"\#(key)","Time":\#(token["Time"].int ?? 0),"AuthToken":"\#(secret)","FileName":"w.zip""#
    }
}
