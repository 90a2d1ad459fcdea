extension CodingRoutes {
    /// Document management: the wiki and its ZIP import/update jobs (§2.19; issue 16).
    static func wikiActions() -> [String: ActionHandler] {
        let wiki = WikiActions(), zip = WikiZipActions()
        return [
            "CreateWiki": wiki.createWiki,
            "ModifyWiki": wiki.modifyWiki,
            "DeleteWiki": wiki.deleteWiki,
            "DescribeWiki": wiki.describeWiki,
            "DescribeWikiList": wiki.describeWikiList,
            "ModifyWikiOrder": wiki.modifyWikiOrder,
            "CreateUploadToken": zip.createUploadToken,
            "CreateWikiByZip": zip.createWikiByZip,
            "ModifyWikiByZip": zip.modifyWikiByZip,
            "DescribeImportJobStatus": zip.describeImportJobStatus,
            "DescribeUpdateJobStatus": zip.describeUpdateJobStatus,
        ]
    }
}
