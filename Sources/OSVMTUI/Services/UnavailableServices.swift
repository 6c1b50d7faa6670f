extension Services {
    /// Services that do nothing and say so (after a `--replay`: the session goes on with no
    /// interpreter, network or files). Unlike `Services()`, whose test defaults answer
    /// quietly, every request here gets an error naming `reason`, so an evaluation or a
    /// save never looks as if it happened.
    static func unavailable(_ reason: String) -> Services {
        var s = Services(
            evaluate: { _ in EvalResult(printed: "", error: reason) },
            readFile: { _ in throw ServiceError(reason) },
            writeFile: { _, _ in throw ServiceError(reason) },
            lookup: { _ in throw ServiceError(reason) },
            rpcQuery: { _ in throw ServiceError(reason) },
            setCluster: { _ in throw ServiceError(reason) },
            chatRun: { _, _ in ChatRun(session: nil, events: AsyncStream { $0.yield(.error(reason)); $0.finish() }) },
            chatLoad: { _ in throw ServiceError(reason) },
            deploy: { _ in AsyncStream { $0.yield(.failed(reason)); $0.finish() } }
        )
        s.signatures = { _, _ in throw ServiceError(reason) }
        return s
    }
}
