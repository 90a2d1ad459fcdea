import SlipwayCore

/// The repositories of agile releases, programs and collaboration templates (migration 30).
extension Store {
    package var agileReleases: AgileReleaseRepository { AgileReleaseRepository(sql: sql) }
    package var programs: ProgramRepository { ProgramRepository(sql: sql) }
    package var collaborationTemplates: CollaborationTemplateRepository { CollaborationTemplateRepository(sql: sql) }
}
