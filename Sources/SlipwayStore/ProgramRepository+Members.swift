import SQLKit
import SlipwayCore

/// Program members (migration 35): the policies each user holds in a program.
extension ProgramRepository {
    /// The policies `uid` holds in a program, sorted.
    package func policies(programID: Int64, uid: String) async throws -> [ProgramPolicy] {
        try await sql.read { db in
            try await db.select().column("policy").from("program_members").where("program_id", .equal, programID)
                .where("user_uid", .equal, uid).all(decodingColumn: "policy", as: String.self)
        }.compactMap(ProgramPolicy.init(rawValue:)).sorted()
    }

    /// Whether `uid` holds any policy in a program.
    package func isMember(programID: Int64, uid: String) async throws -> Bool {
        try await sql.read { db in
            try await db.select().column("policy").from("program_members").where("program_id", .equal, programID)
                .where("user_uid", .equal, uid).limit(1).first() != nil
        }
    }

    /// Give `uid` policies in a program (those held stay); the policies held afterwards.
    package func grant(_ policies: [ProgramPolicy], programID: Int64, uid: String, at now: Int64) async throws -> [ProgramPolicy] {
        try await sql.write { db in
            for policy in Set(policies) {
                let present = try await db.select().column("policy").from("program_members").where("program_id", .equal, programID)
                    .where("user_uid", .equal, uid).where("policy", .equal, policy.rawValue).first()
                if present != nil { continue }
                try await db.insert(into: "program_members").columns("program_id", "user_uid", "policy", "created_at")
                    .values(SQLBind(programID), SQLBind(uid), SQLBind(policy.rawValue), SQLBind(now)).run()
            }
        }
        return try await self.policies(programID: programID, uid: uid)
    }

    /// Take policies from `uid` in a program (those not held are ignored); the policies left.
    package func revoke(_ policies: [ProgramPolicy], programID: Int64, uid: String) async throws -> [ProgramPolicy] {
        try await sql.write { db in
            try await db.delete(from: "program_members").where("program_id", .equal, programID).where("user_uid", .equal, uid)
                .where("policy", .in, policies.map(\.rawValue)).run()
        }
        return try await self.policies(programID: programID, uid: uid)
    }
}
