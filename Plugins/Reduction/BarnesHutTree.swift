import INVEngine

/// A quadtree over a 2-D embedding for the Barnes–Hut approximation of the t-SNE repulsion
/// (van der Maaten 2014, §4.2; the same rules as scikit-learn's `_QuadTree`):
/// a cell stands for all its points when it is a leaf or when width² / distance² < θ²; a leaf
/// holding the query point itself (or a duplicate of it) is skipped.
///
/// The tree is built sequentially (insertion in row order), and each point's traversal visits
/// children in a fixed order, so forces are the same for any number of threads.
struct BarnesHutTree {
    private struct Cell {
        var minX: Float, minY: Float, maxX: Float, maxY: Float
        var squaredWidth: Float
        var centreX: Float = 0, centreY: Float = 0
        var count: Int = 0
        /// Index of the first of four children, or -1 for a leaf.
        var firstChild: Int = -1
        /// The point stored in a leaf (-1 while empty).
        var point: Int = -1
    }

    /// Two points closer than this on both axes count as duplicates (scikit-learn's `EPSILON`).
    private static let duplicateTolerance: Float = 1e-6
    /// Below this depth cells are not split further: points that `Float` halving cannot separate
    /// share a leaf, like duplicates.
    private static let maximumDepth = 40
    private var cells: [Cell] = []
    private let xs: [Float], ys: [Float]

    init(_ points: EmbeddingPoints) {
        xs = points.xs
        ys = points.ys
        guard let minX = xs.min(), let maxX = xs.max(), let minY = ys.min(), let maxY = ys.max() else { return }
        // Widen the upper bounds a little, as scikit-learn does, so every point is strictly inside.
        let upperX = max(maxX * (1 + 1e-3 * (maxX > 0 ? 1 : maxX < 0 ? -1 : 0)), maxX + 1e-3)
        let upperY = max(maxY * (1 + 1e-3 * (maxY > 0 ? 1 : maxY < 0 ? -1 : 0)), maxY + 1e-3)
        cells.reserveCapacity(4 * xs.count)
        cells.append(Self.cell(minX, minY, upperX, upperY))
        for i in xs.indices { insert(i) }
    }

    private static func cell(_ minX: Float, _ minY: Float, _ maxX: Float, _ maxY: Float) -> Cell {
        let w = maxX - minX, h = maxY - minY
        return Cell(minX: minX, minY: minY, maxX: maxX, maxY: maxY, squaredWidth: max(w * w, h * h))
    }

    private mutating func insert(_ i: Int) {
        let (x, y) = (xs[i], ys[i])
        var c = 0, depth = 0
        while true {
            // Running centre of mass of every cell on the path.
            let n = Float(cells[c].count)
            cells[c].centreX = (cells[c].centreX * n + x) / (n + 1)
            cells[c].centreY = (cells[c].centreY * n + y) / (n + 1)
            cells[c].count += 1
            if cells[c].firstChild >= 0 {
                c = cells[c].firstChild + quadrant(of: i, in: cells[c])
                depth += 1
                continue
            }
            if cells[c].point < 0 {
                cells[c].point = i
                return
            }
            let resident = cells[c].point
            if depth >= Self.maximumDepth
                || (abs(xs[resident] - x) <= Self.duplicateTolerance && abs(ys[resident] - y) <= Self.duplicateTolerance)
            {
                return  // a duplicate stays in its resident's leaf, which now counts both
            }
            split(c)
            // The resident moves down into its child; the loop goes on with the new point.
            let child = cells[c].firstChild + quadrant(of: resident, in: cells[c])
            cells[child].point = resident
            cells[child].count = cells[c].count - 1
            cells[child].centreX = xs[resident]
            cells[child].centreY = ys[resident]
            cells[c].point = -1
            c = cells[c].firstChild + quadrant(of: i, in: cells[c])
            depth += 1
        }
    }

    private mutating func split(_ c: Int) {
        let parent = cells[c]
        let midX = (parent.minX + parent.maxX) / 2, midY = (parent.minY + parent.maxY) / 2
        cells[c].firstChild = cells.count
        cells.append(Self.cell(parent.minX, parent.minY, midX, midY))
        cells.append(Self.cell(midX, parent.minY, parent.maxX, midY))
        cells.append(Self.cell(parent.minX, midY, midX, parent.maxY))
        cells.append(Self.cell(midX, midY, parent.maxX, parent.maxY))
    }

    private func quadrant(of i: Int, in cell: Cell) -> Int {
        let midX = (cell.minX + cell.maxX) / 2, midY = (cell.minY + cell.maxY) / 2
        return (xs[i] < midX ? 0 : 1) + (ys[i] < midY ? 0 : 2)
    }

    /// Σⱼ wᵢⱼ² (yᵢ − yⱼ) (interleaved x, y) and Z = Σ_{i≠j} wᵢⱼ, approximated with angle θ.
    ///
    /// - Complexity: O(n log n) cell visits for a fixed θ.
    func repulsion(angle theta: Double) -> (forces: [Double], z: Double) {
        let n = xs.count
        var forces = [Double](repeating: 0, count: 2 * n)
        var rowZ = [Double](repeating: 0, count: n)
        guard !cells.isEmpty else { return (forces, 0) }
        let squaredTheta = Float(theta * theta)
        let blocks = Parallel.ranges(n, chunk: 64)
        let tree = self
        forces.withUnsafeMutableBufferPointer { forceBuffer in
            rowZ.withUnsafeMutableBufferPointer { zBuffer in
                let force = SharedPointer(forceBuffer.baseAddress!), z = SharedPointer(zBuffer.baseAddress!)
                Parallel.forEach(blocks.count) { b in
                    var stack = [Int]()
                    stack.reserveCapacity(64)
                    for i in blocks[b] {
                        let row = tree.summarise(i, squaredTheta: squaredTheta, stack: &stack)
                        force[2 * i] = row.x
                        force[2 * i + 1] = row.y
                        z[i] = row.z
                    }
                }
            }
        }
        var z = 0.0
        for value in rowZ { z += value }
        return (forces, z)
    }

    private func summarise(_ i: Int, squaredTheta: Float, stack: inout [Int]) -> (x: Double, y: Double, z: Double) {
        let (px, py) = (xs[i], ys[i])
        var fx = 0.0, fy = 0.0, z = 0.0
        stack.removeAll(keepingCapacity: true)
        stack.append(0)
        while let c = stack.popLast() {
            let cell = cells[c]
            guard cell.count > 0 else { continue }
            let dx = px - cell.centreX, dy = py - cell.centreY
            let d2 = dx * dx + dy * dy
            let isLeaf = cell.firstChild < 0
            if isLeaf, abs(dx) <= Self.duplicateTolerance, abs(dy) <= Self.duplicateTolerance { continue }
            if isLeaf || cell.squaredWidth / d2 < squaredTheta {
                let w = Double(1 / (1 + d2)), size = Double(cell.count)
                z += size * w
                fx += size * w * w * Double(dx)
                fy += size * w * w * Double(dy)
            } else {
                // Pushed in reverse so children are visited in quadrant order 0…3.
                for child in (0..<4).reversed() { stack.append(cell.firstChild + child) }
            }
        }
        return (fx, fy, z)
    }
}
