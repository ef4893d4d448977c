# Reference values for Tests/INVPluginsTests/RISEAndMetricTests.swift (embedded there as literals).
# numpy 2.4.6, scipy 1.17.1.
# 1. RISE evaluation.py gkern(11, 5): impulse filtered by scipy.ndimage.gaussian_filter; row 5.
# 2. skimage resize(order=1, mode='reflect', anti_aliasing=False) == ndi.zoom(order=1, mode='mirror',
#    grid_mode=True): a 3 x 3 grid upsampled to 8 x 8.
import numpy as np
import scipy.ndimage as nd

inp = np.zeros((11, 11)); inp[5, 5] = 1
k = nd.gaussian_filter(inp, 5)
print("gkern row 5:", ", ".join(f"{v:.8f}" for v in k[5]))
print("gkern[0, 0]:", f"{k[0, 0]:.10f}")
grid = np.array([[1., 0, 1], [0, 1, 1], [1, 1, 0]])
up = nd.zoom(grid, 8 / 3, order=1, mode='mirror', grid_mode=True)
print("zoom shape", up.shape)
for row in up:
    print(", ".join(f"{v:.6f}" for v in row))
