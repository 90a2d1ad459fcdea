import Foundation
import SlipwayCore
import SlipwayGit
import SlipwayStore

extension WikiService {
    /// The upload a ZIP job reads (CreateUploadToken's answer, handed back).
    package struct ZipUpload: Sendable {
        package var key: String
        package var secret: String
        package var time: Int64
        package var fileName: String

        package init(key: String, secret: String, time: Int64, fileName: String) {
            (self.key, self.secret, self.time, self.fileName) = (key, secret, time, fileName)
        }
    }

    /// The purpose wiki ZIP uploads are issued for.
    package static let uploadPurpose = "wiki-zip"

    /// A ticket to upload a ZIP into the wiki (`UploadStore`), for members who may change it.
    package func uploadTicket(projectKey: String, fileName: String, by user: User) async throws -> (upload: Upload, secret: String) {
        try await access.require(user, projectKey: projectKey, write: true)
        return try await UploadStore(context).issue(purpose: Self.uploadPurpose, projectKey: projectKey, fileName: fileName, by: user)
    }

    /// Start importing the uploaded ZIP as new pages under `parentIid` (or, `kind` `.update`, as
    /// the new content of page `parentIid`). The archive is checked now (a bad one is refused
    /// here, nothing written); unpacking, committing and storing run as the job.
    package func startZipJob(
        _ kind: WikiJob.Kind, projectKey: String, upload: ZipUpload, target: Int64, by user: User, limits: ZipLimits = ZipLimits()
    ) async throws -> WikiJob {
        try await access.require(user, projectKey: projectKey, write: true)
        if kind == .update || target != 0, try await store.wiki.page(projectKey: projectKey, iid: target) == nil {
            if kind == .update { throw SlipwayError.notFound("wiki page \(target) not found in project \(projectKey)") }
            throw SlipwayError.invalidInput("ParentIid \(target) is not a page of project \(projectKey)")
        }
        let uploads = UploadStore(context)
        let archive = try await uploads.claim(
            purpose: Self.uploadPurpose, key: upload.key, secret: upload.secret, time: upload.time, fileName: upload.fileName,
            projectKey: projectKey, by: user)
        let directory: ZipDirectory
        do {
            directory = try ZipDirectory(data: try Data(contentsOf: URL(fileURLWithPath: archive)), limits: limits)
            let markdown = directory.entries.filter { !$0.isDirectory && WikiImport.markdownKey($0.name) != nil }
            if kind == .update, markdown.count != 1 { throw ZipDirectory.refuse("an update needs exactly one Markdown (.md) file") }
            if markdown.isEmpty { throw ZipDirectory.refuse("it holds no Markdown (.md) file") }
        } catch {
            await uploads.discard(key: upload.key)
            throw error
        }
        let job = WikiJob(
            id: TokenSecret.uuid(), projectKey: projectKey, kind: kind, targetIid: target, uploadKey: upload.key, creatorUID: user.uid,
            at: EpochMillis.now())
        await WikiJobRegistry.shared.insert(job.id)
        do {
            try await store.wiki.createJob(job)
        } catch {
            await WikiJobRegistry.shared.remove(job.id)
            await uploads.discard(key: upload.key)
            throw error
        }
        let service = self
        Task.detached {
            await service.run(job, archive: archive, directory: directory, fileName: upload.fileName, by: user, limits: limits)
            await WikiJobRegistry.shared.remove(job.id)
        }
        return job
    }

    /// A job of `kind` in the project.
    package func job(projectKey: String, id: String, kind: WikiJob.Kind, by user: User) async throws -> WikiJob {
        try await access.require(user, projectKey: projectKey, write: false)
        guard let job = try await store.wiki.job(projectKey: projectKey, id: id), job.kind == kind else {
            throw SlipwayError.notFound("wiki \(kind == .import ? "import" : "update") job \(id.prefix(64)) not found in project \(projectKey)")
        }
        guard job.status == .waiting || job.status == .processing, !(await WikiJobRegistry.shared.contains(job.id)) else { return job }
        // Not running here: re-read (it may have just ended), else it was interrupted.
        var current = try await store.wiki.job(projectKey: projectKey, id: id) ?? job
        guard current.status == .waiting || current.status == .processing else { return current }
        current.status = .failed
        current.message = Self.interruptedMessage
        try await store.wiki.setJobStatus(id: job.id, .failed, message: current.message, at: EpochMillis.now())
        return current
    }

    /// Why a job a stopped server left unfinished failed.
    static let interruptedMessage = "interrupted: the server stopped while the job ran"

    /// On start: every job an earlier run of the server left waiting or processing (last touched
    /// before `startedAt`) is marked failed, so its status answers honestly; how many were.
    package func failInterruptedJobs(startedAt: EpochMillis) async throws -> Int {
        try await store.wiki.failUnfinishedJobs(before: startedAt, message: Self.interruptedMessage, at: EpochMillis.now())
    }

    func run(_ job: WikiJob, archive: String, directory: ZipDirectory, fileName: String, by user: User, limits: ZipLimits) async {
        defer { try? FileManager.default.removeItem(atPath: archive) }
        do {
            try await store.wiki.setJobStatus(id: job.id, .processing, at: EpochMillis.now())
            let scratch = context.dataDirectory + "/wiki/.jobs"
            let files = try await ZipExtractor(limits: limits).extract(archive: archive, directory: directory, scratch: scratch)
            let nodes = try WikiImport.nodes(files, limits: limits)
            switch job.kind {
            case .import: try await importPages(nodes, projectKey: job.projectKey, under: job.targetIid, fileName: fileName, by: user)
            case .update:
                guard let node = nodes.first(where: \.hasFile),
                    let page = try await store.wiki.page(projectKey: job.projectKey, iid: job.targetIid)
                else { throw SlipwayError.notFound("wiki page \(job.targetIid) is gone") }
                _ = try await modify(
                    projectKey: job.projectKey, iid: page.iid, title: page.title, content: node.content, message: "Update page from \(fileName)",
                    by: user)
            }
            try await store.wiki.setJobStatus(id: job.id, .succeeded, at: EpochMillis.now())
        } catch {
            context.logger.info("wiki: ZIP job failed", metadata: ["job": "\(job.id)", "error": "\(error)"])
            try? await store.wiki.setJobStatus(id: job.id, .failed, message: "\(error)", at: EpochMillis.now())
        }
    }

    /// Store `nodes` as new pages under `parentIid`: one commit for them all, then their rows.
    func importPages(_ nodes: [WikiImport.Node], projectKey: String, under parentIid: Int64, fileName: String, by user: User) async throws {
        try await access.require(user, projectKey: projectKey, write: true)
        let tree = WikiTree(try await store.wiki.pages(projectKey: projectKey))
        guard parentIid == 0 || tree.pages[parentIid] != nil else { throw SlipwayError.notFound("wiki page \(parentIid) is gone") }
        let first = try await store.wiki.reserveIids(projectKey: projectKey, count: nodes.count)
        let now = EpochMillis.now()
        var iids: [String: Int64] = [:], counts: [Int64: Int64] = [:], created: [WikiPage] = []
        for (offset, node) in nodes.enumerated() {
            var page = WikiPage(projectKey: projectKey, title: node.title.isEmpty ? "untitled" : node.title)
            page.iid = first + Int64(offset)
            page.parentIid = node.parentKey.flatMap { iids[$0] } ?? parentIid
            page.position = counts[page.parentIid] ?? Int64(tree.children[page.parentIid]?.count ?? 0)
            counts[page.parentIid] = page.position + 1
            (page.creatorUID, page.editorUID, page.createdAt, page.updatedAt) = (user.uid, user.uid, now, now)
            iids[node.key] = page.iid
            created.append(page)
        }
        let message = "Import \(fileName)"
        guard
            let commit = try await storage.commit(
                projectKey: projectKey,
                actions: zip(created, nodes).map { .create(path: $0.fileName, content: .text($1.content)) },
                summary: WikiTree(Array(tree.pages.values) + created).summary(), message: message, by: user)
        else { throw SlipwayError.internalError("the import committed nothing") }
        _ = try await store.wiki.create(
            created.map { ($0, WikiVersion(commit: commit, title: $0.title, message: message, editorUID: user.uid, createdAt: now)) })
    }
}
