import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What glibc's allocator holds right now, from `malloc_info` (the figures `mallinfo2` gives),
/// for slipway-bench and the memory tests. `inUse` is what was handed out and not freed; `held`
/// is what the allocator took from the system (arenas plus mmapped blocks). A leak grows
/// `inUse`; an allocator keeping freed memory grows `held` while `inUse` stays flat.
package struct HeapStatistics: Sendable {
    /// Bytes allocated and not freed.
    package var inUse: Int
    /// Bytes the allocator holds from the system.
    package var held: Int

    /// The current figures; nil where glibc's `malloc_info` is not available.
    package static func current() -> HeapStatistics? {
        #if canImport(Glibc)
            // malloc.h is not part of the Glibc module: look the function up instead.
            typealias MallocInfo = @convention(c) (Int32, UnsafeMutablePointer<FILE>?) -> Int32
            guard let program = dlopen(nil, RTLD_NOW) else { return nil }
            defer { dlclose(program) }
            guard let symbol = dlsym(program, "malloc_info") else { return nil }
            var buffer: UnsafeMutablePointer<CChar>?
            var size = 0
            guard let stream = open_memstream(&buffer, &size) else { return nil }
            let status = unsafeBitCast(symbol, to: MallocInfo.self)(0, stream)
            fclose(stream)
            defer { free(buffer) }
            guard status == 0, let buffer else { return nil }
            return parse(String(cString: buffer))
        #else
            return nil
        #endif
    }

    /// The process-wide totals of `malloc_info`'s XML: they follow the last `</heap>`.
    static func parse(_ xml: String) -> HeapStatistics? {
        let totals = xml.range(of: "</heap>", options: .backwards).map { xml[$0.upperBound...] } ?? xml[...]
        func size(after marker: String) -> Int? {
            guard let start = totals.range(of: marker), let size = totals[start.upperBound...].range(of: "size=\"") else { return nil }
            return Int(totals[size.upperBound...].prefix { $0.isNumber })
        }
        guard let system = size(after: "<system type=\"current\""), let fast = size(after: "<total type=\"fast\""),
            let rest = size(after: "<total type=\"rest\""), let mmapped = size(after: "<total type=\"mmap\"")
        else { return nil }
        return HeapStatistics(inUse: system - fast - rest + mmapped, held: system + mmapped)
    }
}
