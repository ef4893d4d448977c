import CTSNEKernels
import INVCore
import Testing
@testable import INVPlugins

/// The C force kernel (both code paths) against a plain `Double` evaluation of the sums it documents.
@Suite struct TSNEForceKernelTests {
    /// Σⱼ pᵢⱼ wᵢⱼ Δ, Σⱼ wᵢⱼ² Δ and Σ_{j≠i} wᵢⱼ in `Double`, straight from the definitions.
    private static func reference(_ xs: [Float], _ ys: [Float], _ p: [Float]) -> (attraction: [Double], repulsion: [Double], z: [Double]) {
        let n = xs.count
        var attraction = [Double](repeating: 0, count: 2 * n), repulsion = attraction, z = [Double](repeating: 0, count: n)
        for i in 0..<n {
            for j in 0..<n where j != i {
                let dx = Double(xs[i]) - Double(xs[j]), dy = Double(ys[i]) - Double(ys[j])
                let w = 1 / (1 + dx * dx + dy * dy), pij = Double(p[i * n + j])
                attraction[2 * i] += pij * w * dx
                attraction[2 * i + 1] += pij * w * dy
                repulsion[2 * i] += w * w * dx
                repulsion[2 * i + 1] += w * w * dy
                z[i] += w
            }
        }
        return (attraction, repulsion, z)
    }

    @Test(arguments: [1, 7, 8, 13, 64, 101])
    func bothPathsMatchTheDefinition(n: Int) {
        var random = SeededRandom(seed: UInt64(n))
        let xs = (0..<n).map { _ in Float(5 * random.normal()) }, ys = (0..<n).map { _ in Float(5 * random.normal()) }
        var p = (0..<(n * n)).map { _ in Float(random.uniform() / Double(n * n)) }
        for i in 0..<n { p[i * n + i] = 0 }
        let expected = Self.reference(xs, ys, p)
        typealias Kernel = (UnsafePointer<Float>?, UnsafePointer<Float>?, UnsafePointer<Float>?, Int, Int, Int,
                            UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?) -> Void
        let paths: [(String, Kernel)] = [("dispatched (\(String(cString: inv_tsne_kernel_path())))", inv_tsne_exact_rows),
                                         ("generic", inv_tsne_exact_rows_generic)]
        for (name, kernel) in paths {
            var attraction = [Double](repeating: .nan, count: 2 * n), repulsion = attraction, z = [Double](repeating: .nan, count: n)
            // Two calls over split row ranges, as the parallel blocks do.
            let middle = n / 2
            kernel(xs, ys, p, n, 0, middle, &attraction, &repulsion, &z)
            kernel(xs, ys, p, n, middle, n, &attraction, &repulsion, &z)
            expectClose(attraction, expected.attraction, rtol: 1e-4, atol: 1e-10, "\(name) attraction, n = \(n)")
            expectClose(repulsion, expected.repulsion, rtol: 1e-4, atol: 1e-6, "\(name) repulsion, n = \(n)")
            expectClose(z, expected.z, rtol: 1e-5, atol: 1e-6, "\(name) Z, n = \(n)")
        }
    }
}
