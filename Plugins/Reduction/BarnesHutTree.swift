import INVEngine

/// A quadtree over a 2-D embedding for the Barnes–Hut approximation of the t-SNE repulsion
/// (van der Maaten 2014, §4.2; the same rules as scikit-learn's `_QuadTree`):
/// a cell stands for all its points when it is a leaf or when width² / distance² < θ²; a leaf
/// holding the query point itself (or a duplicate of it) is skipped.
///
/// The tree is built sequentially (insertion in row order), and each point's traversal visits
/// children in a fixed order, so forces are the same for any number of threads. Cells are stored
/// as parallel arrays (structure of arrays) for the traversal's sake.
struct BarnesHutTree {
    /// Two points closer than this on both axes count as duplicates (scikit-learn's `EPSILON`).
    private static let duplicateTolerance: Float = 1e-6
    /// Below this depth cells are not split further: points that `Float` halving cannot separate
    /// share a leaf, like duplicates.
    private static let maximumDepth = 40

    private let xs: [Float], ys: [Float]
    // Per cell: bounds, squared width, centre of mass, point count, first of four children (-1 for
    // a leaf) and the point a leaf holds (-1 while empty).
    private var minX = [Float](), minY = [Float](), maxX = [Float](), maxY = [Float](), squaredWidth = [Float]()
    private var centreX = [Float](), centreY = [Float](), count = [Int32](), firstChild = [Int32](), point = [Int32]()

    init(_ points: EmbeddingPoints) {
        xs = points.xs
        ys = points.ys
        guard let lowX = xs.min(), let highX = xs.max(), let lowY = ys.min(), let highY = ys.max() else { return }
        // Widen the upper bounds a little, as scikit-learn does, so every point is strictly inside.
        let upperX = max(highX * (1 + 1e-3 * (highX > 0 ? 1 : highX < 0 ? -1 : 0)), highX + 1e-3)
        let upperY = max(highY * (1 + 1e-3 * (highY > 0 ? 1 : highY < 0 ? -1 : 0)), highY + 1e-3)
        addCell(lowX, lowY, upperX, upperY)
        for i in xs.indices { insert(i) }
    }

    private mutating func addCell(_ lowX: Float, _ lowY: Float, _ highX: Float, _ highY: Float) {
        let w = highX - lowX, h = highY - lowY
        minX.append(lowX); minY.append(lowY); maxX.append(highX); maxY.append(highY)
        squaredWidth.append(max(w * w, h * h))
        centreX.append(0); centreY.append(0); count.append(0); firstChild.append(-1); point.append(-1)
    }

    private func quadrant(of i: Int, in c: Int) -> Int {
        let midX = (minX[c] + maxX[c]) / 2, midY = (minY[c] + maxY[c]) / 2
        return (xs[i] < midX ? 0 : 1) + (ys[i] < midY ? 0 : 2)
    }

    private mutating func insert(_ i: Int) {
        let (x, y) = (xs[i], ys[i])
        var c = 0, depth = 0
        while true {
            // Running centre of mass of every cell on the path.
            let n = Float(count[c])
            centreX[c] = (centreX[c] * n + x) / (n + 1)
            centreY[c] = (centreY[c] * n + y) / (n + 1)
            count[c] += 1
            if firstChild[c] >= 0 {
                c = Int(firstChild[c]) + quadrant(of: i, in: c)
                depth += 1
                continue
            }
            if point[c] < 0 {
                point[c] = Int32(i)
                return
            }
            let resident = Int(point[c])
            if depth >= Self.maximumDepth
                || (abs(xs[resident] - x) <= Self.duplicateTolerance && abs(ys[resident] - y) <= Self.duplicateTolerance)
            {
                return  // a duplicate stays in its resident's leaf, which now counts both
            }
            // Split: four children; the resident (with its duplicates) moves down, the loop goes on with i.
            let midX = (minX[c] + maxX[c]) / 2, midY = (minY[c] + maxY[c]) / 2
            let first = minX.count
            firstChild[c] = Int32(first)
            addCell(minX[c], minY[c], midX, midY)
            addCell(midX, minY[c], maxX[c], midY)
            addCell(minX[c], midY, midX, maxY[c])
            addCell(midX, midY, maxX[c], maxY[c])
            let child = first + quadrant(of: resident, in: c)
            point[child] = Int32(resident)
            count[child] = count[c] - 1
            centreX[child] = xs[resident]
            centreY[child] = ys[resident]
            point[c] = -1
            c = first + quadrant(of: i, in: c)
            depth += 1
        }
    }

    /// Σⱼ wᵢⱼ² (yᵢ − yⱼ) (interleaved x, y) and Z = Σ_{i≠j} wᵢⱼ, approximated with angle θ.
    ///
    /// - Complexity: O(n log n) cell visits for a fixed θ > 0.
    func repulsion(angle theta: Double) -> (forces: [Double], z: Double) {
        let n = xs.count
        var forces = [Double](repeating: 0, count: 2 * n)
        var rowZ = [Double](repeating: 0, count: n)
        guard !count.isEmpty else { return (forces, 0) }
        let squaredTheta = Float(theta * theta)
        let blocks = Parallel.ranges(n, chunk: 64)
        let tree = self
        forces.withUnsafeMutableBufferPointer { forceBuffer in
            rowZ.withUnsafeMutableBufferPointer { zBuffer in
                let force = SharedPointer(forceBuffer.baseAddress!), z = SharedPointer(zBuffer.baseAddress!)
                Parallel.forEach(blocks.count) { b in
                    tree.withCells { cells in
                        var stack = [Int32](repeating: 0, count: 4 * Self.maximumDepth + 8)
                        stack.withUnsafeMutableBufferPointer { stack in
                            for i in blocks[b] {
                                let row = cells.summarise(i, squaredTheta: squaredTheta, stack: stack.baseAddress!)
                                force[2 * i] = row.x
                                force[2 * i + 1] = row.y
                                z[i] = row.z
                            }
                        }
                    }
                }
            }
        }
        var z = 0.0
        for value in rowZ { z += value }
        return (forces, z)
    }

    /// Runs `body` with raw views of the cell arrays (valid only inside `body`).
    private func withCells<R>(_ body: (CellView) -> R) -> R {
        xs.withUnsafeBufferPointer { xs in ys.withUnsafeBufferPointer { ys in
            centreX.withUnsafeBufferPointer { cx in centreY.withUnsafeBufferPointer { cy in
                squaredWidth.withUnsafeBufferPointer { width in count.withUnsafeBufferPointer { count in
                    firstChild.withUnsafeBufferPointer { child in
                        body(CellView(xs: xs.baseAddress!, ys: ys.baseAddress!, centreX: cx.baseAddress!, centreY: cy.baseAddress!,
                                      squaredWidth: width.baseAddress!, count: count.baseAddress!, firstChild: child.baseAddress!))
                    }
                } }
            } }
        } }
    }

    private struct CellView {
        let xs: UnsafePointer<Float>, ys: UnsafePointer<Float>
        let centreX: UnsafePointer<Float>, centreY: UnsafePointer<Float>, squaredWidth: UnsafePointer<Float>
        let count: UnsafePointer<Int32>, firstChild: UnsafePointer<Int32>

        func summarise(_ i: Int, squaredTheta: Float, stack: UnsafeMutablePointer<Int32>) -> (x: Double, y: Double, z: Double) {
            let (px, py) = (xs[i], ys[i])
            var fx: Float = 0, fy: Float = 0, z = 0.0
            var top = 1
            stack[0] = 0
            while top > 0 {
                top -= 1
                let c = Int(stack[top])
                guard count[c] > 0 else { continue }
                let dx = px - centreX[c], dy = py - centreY[c]
                let d2 = dx * dx + dy * dy
                let child = Int(firstChild[c])
                if child < 0, abs(dx) <= BarnesHutTree.duplicateTolerance, abs(dy) <= BarnesHutTree.duplicateTolerance { continue }
                if child < 0 || squaredWidth[c] < squaredTheta * d2 {
                    let w = 1 / (1 + d2), size = Float(count[c])
                    z += Double(size * w)
                    fx += size * w * w * dx
                    fy += size * w * w * dy
                } else {
                    // Pushed in reverse so children are visited in quadrant order 0…3.
                    stack[top] = Int32(child + 3)
                    stack[top + 1] = Int32(child + 2)
                    stack[top + 2] = Int32(child + 1)
                    stack[top + 3] = Int32(child)
                    top += 4
                }
            }
            return (Double(fx), Double(fy), z)
        }
    }
}
