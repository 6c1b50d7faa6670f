import Testing
@testable import OVSMKit

/// A pooled call frame keeps its parent (the next call of the same closure skips a
/// retain/release pair), but never keeps a frame from being recycled by that link alone,
/// and no parent outlives the top-level form that made it.
@Suite struct FramePoolTests {
    /// A pool over a fresh root frame, destroyed afterwards.
    func withPool(_ body: (Frame, FramePool) -> Void) {
        let root = Frame.make(size: 0, parent: nil)
        let pool = FramePool(root: root)
        body(root, pool)
        pool.destroy()
    }

    @Test func aPooledFrameKeepsItsParentUntilReused() { withPool { root, pool in
        let env = Frame.make(size: 1, parent: root)
        let call = pool.take(size: 1, parent: env)
        pool.give(consume call)
        #expect(pool.pooledCount(size: 1) == 1)
        #expect(pool.framesKeepingParents() == 1)
        // Taken again for the same closure: the parent is already set.
        let again = pool.take(size: 1, parent: env)
        #expect(again.parent === env)
        pool.give(consume again, keepParent: false)
        #expect(pool.framesKeepingParents() == 0)
    } }

    @Test func aFrameWhoseOnlyOtherLinkIsAPooledChildIsRecycled() { withPool { root, pool in
        // A function's frame (2 slots) in which a closure (1 slot) was called.
        let outer = pool.take(size: 2, parent: root)
        let inner = pool.take(size: 1, parent: outer)
        pool.give(consume inner)
        #expect(pool.framesKeepingParents() == 1)
        pool.give(consume outer)
        #expect(pool.pooledCount(size: 2) == 1, "the function's frame was recycled")
        #expect(pool.framesKeepingParents() == 0, "after its pooled child let go of it")
    } }

    @Test func aFrameCapturedElsewhereIsNotRecycled() { withPool { root, pool in
        let outer = pool.take(size: 2, parent: root)
        let captured = outer   // a closure's environment
        pool.give(consume outer)
        #expect(pool.pooledCount(size: 2) == 0)
        withExtendedLifetime(captured) {}
    } }

    @Test func theEndOfATopLevelFormDropsPooledParents() {
        let interp = Interpreter()
        let r = interp.run(source: """
            (defun make (k) (lambda (x) (+ x k)))
            (define fs (map make [1 2 3]))
            (define total 0)
            (for (f fs) (dotimes (i 10) (set! total (f total))))
            total
            """)
        #expect(r.printed == "60")
        #expect(interp.framePool.framesKeepingParents() == 0)
    }
}
