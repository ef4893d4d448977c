#!/usr/bin/env python3
"""Writes the golden reference data for INVImagingTests (run once; the outputs are committed).

Pinned versions (the script refuses to run with others, so the goldens stay reproducible):

    python3 -m venv /tmp/imaging-golden-venv
    /tmp/imaging-golden-venv/bin/pip install numpy==1.26.4 scipy==1.13.1 Pillow==10.4.0 matplotlib==3.9.2
    /tmp/imaging-golden-venv/bin/python Tests/INVImagingTests/Golden/make_golden.py

Outputs, next to this script:
    resize.json     PIL.Image.resize (BILINEAR, BICUBIC; antialiased when shrinking) of a small
                    synthetic RGB image, both per channel in float mode "F" (the algorithm without
                    rounding or clamping) and in 8-bit "RGB" (what users get from Pillow: rounded and
                    clamped after each pass).
    upsample.json   PIL bilinear enlargement of a 7x7 float map (mode "F") to 24x20.
    blur.json       scipy.ndimage.gaussian_filter(mode="reflect") of a float map and an RGB image.
    colormaps.json  matplotlib jet and viridis: the 256-entry tables and lookups of sample values.
    decode.json     the expected pixels of the PNG/JPEG fixtures below.
    *.png, *.jpg    tiny fixtures: 1/8/16-bit grey, grey+alpha, grey+tRNS, RGB, RGBA (8/16-bit),
                    palette (with and without tRNS), Adam7-interlaced RGB; JPEG grey, RGB (baseline
                    and progressive), CMYK.
Every array is flat, in the layout the Swift side uses: images planar CHW, maps row-major.
"""
import io
import json
import struct
import zlib
from pathlib import Path

import matplotlib
import numpy as np
import PIL
import scipy
from matplotlib import colormaps
from PIL import Image
from scipy import ndimage

PINNED = {"numpy": "1.26.4", "scipy": "1.13.1", "Pillow": "10.4.0", "matplotlib": "3.9.2"}
FOUND = {"numpy": np.__version__, "scipy": scipy.__version__, "Pillow": PIL.__version__,
         "matplotlib": matplotlib.__version__}
assert FOUND == PINNED, f"expected {PINNED}, found {FOUND}"

HERE = Path(__file__).resolve().parent
rng = np.random.default_rng(20240611)


def write_json(name, payload):
    payload = {"generator": f"make_golden.py with {PINNED}", **payload}
    (HERE / name).write_text(json.dumps(payload, separators=(",", ":")) + "\n")


def floats(array):
    """Flat list of float32 values with 7 significant digits (integers written without ".0")."""
    values = (float(f"{v:.7g}") for v in np.asarray(array, dtype=np.float32).ravel())
    return [int(v) if v.is_integer() else v for v in values]


def planar(hwc):
    """HWC array to flat planar CHW list."""
    return np.transpose(np.asarray(hwc), (2, 0, 1)).ravel().tolist()


# --- Resize ------------------------------------------------------------------------------------

def synthetic_rgb(width, height):
    """Gradients, a sharp-edged square (bicubic overshoot) and noise, as uint8 HWC."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    r = 255 * x / (width - 1)
    g = 255 * y / (height - 1)
    b = rng.integers(0, 256, size=(height, width)).astype(np.float64)
    square = (x >= width // 4) & (x < 3 * width // 4) & (y >= height // 3) & (y < 2 * height // 3)
    r[square], g[square] = 255, 0
    return np.stack([r, g, b], axis=2).round().astype(np.uint8)


def resize_cases():
    source = synthetic_rgb(12, 9)
    filters = {"bilinear": Image.Resampling.BILINEAR, "bicubic": Image.Resampling.BICUBIC}
    sizes = [(5, 4), (15, 11), (17, 3)]  # shrink both, enlarge both, enlarge x and shrink y
    cases = []
    for name, resample in filters.items():
        for width, height in sizes:
            as_float = [np.asarray(Image.fromarray(source[:, :, c].astype(np.float32), mode="F")
                                   .resize((width, height), resample)) for c in range(3)]
            as_float = np.stack(as_float)
            as_bytes = np.asarray(Image.fromarray(source, mode="RGB").resize((width, height), resample))
            cases.append({"filter": name, "width": width, "height": height,
                          "float": floats(as_float), "uint8": planar(as_bytes)})
    write_json("resize.json", {
        "source": {"width": 12, "height": 9, "channels": 3, "pixels": planar(source)},
        "cases": cases,
    })


def upsample_case():
    heat = rng.random((7, 7)).astype(np.float32)
    upsampled = np.asarray(Image.fromarray(heat, mode="F").resize((24, 20), Image.Resampling.BILINEAR))
    write_json("upsample.json", {
        "map": {"width": 7, "height": 7, "values": floats(heat)},
        "upsampled": {"width": 24, "height": 20, "values": floats(upsampled)},
    })


# --- Gaussian blur -----------------------------------------------------------------------------

def blur_cases():
    field = rng.random((9, 11)).astype(np.float32)
    settings = [(0.5, 1.5), (1.0, 1.5), (2.0, 1.5), (3.5, 1.5), (10.0, 1.5), (2.0, 4.0)]
    cases = [{"sigma": s, "truncate": t,
              "values": floats(ndimage.gaussian_filter(field.astype(np.float64), s, mode="reflect", truncate=t))}
             for s, t in settings]
    image = rng.integers(0, 256, size=(3, 6, 5)).astype(np.float32)
    blurred = ndimage.gaussian_filter(image.astype(np.float64), (0, 1.5, 1.5), mode="reflect", truncate=1.5)
    write_json("blur.json", {
        "map": {"width": 11, "height": 9, "values": floats(field)},
        "cases": cases,
        "image": {"width": 5, "height": 6, "channels": 3, "pixels": floats(image),
                  "sigma": 1.5, "truncate": 1.5, "blurred": floats(blurred)},
    })


# --- Colormaps ---------------------------------------------------------------------------------

def colormap_cases():
    samples = np.concatenate([
        np.array([-0.5, 0, 1 / 256, 0.5, 0.999, 1, 1.5], dtype=np.float32),
        rng.random(25).astype(np.float32),
    ])
    maps = []
    for name in ["jet", "viridis"]:
        cmap = colormaps[name]
        assert cmap.N == 256
        table = cmap(np.arange(256))[:, :3]
        maps.append({"name": name, "table": floats(table), "sampled": floats(cmap(samples)[:, :3])})
    write_json("colormaps.json", {"samples": floats(samples), "colormaps": maps})


# --- Codec fixtures ----------------------------------------------------------------------------

def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def write_raw_png(path, samples, bit_depth, color_type, interlaced=False):
    """A minimal PNG writer for what Pillow cannot write (16-bit RGB/RGBA, Adam7 interlacing).
    `samples` is HWC; every scanline uses filter type 0."""
    height, width, _ = samples.shape
    dtype = ">u2" if bit_depth == 16 else "u1"

    def scanlines(image):
        return b"".join(b"\x00" + row.astype(dtype).tobytes() for row in image)

    if interlaced:  # Adam7 passes: (x0, y0, dx, dy)
        passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
        raw = b"".join(scanlines(samples[y0::dy, x0::dx]) for x0, y0, dx, dy in passes
                       if samples[y0::dy, x0::dx].size)
    else:
        raw = scanlines(samples)
    header = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 1 if interlaced else 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header)
                     + png_chunk(b"IDAT", zlib.compress(raw)) + png_chunk(b"IEND", b""))


def decode_fixtures():
    w, h = 5, 4
    fixtures = []

    def expect(name, hwc, scale=1.0, tolerance=0.0):
        values = np.asarray(hwc, dtype=np.float64) / scale
        fixtures.append({"file": name, "width": w, "height": h, "channels": values.shape[2],
                         "pixels": floats(np.transpose(values, (2, 0, 1))), "tolerance": tolerance})

    grey = rng.integers(0, 256, size=(h, w), dtype=np.uint8)
    Image.fromarray(grey, mode="L").save(HERE / "grey8.png")
    expect("grey8.png", grey[:, :, None])

    bits = rng.integers(0, 2, size=(h, w)).astype(bool)
    Image.fromarray(bits).save(HERE / "grey1.png")
    expect("grey1.png", (bits * 255)[:, :, None])

    grey16 = rng.integers(0, 65536, size=(h, w), dtype=np.uint16)
    Image.fromarray(grey16, mode="I;16").save(HERE / "grey16.png")
    expect("grey16.png", grey16[:, :, None], scale=257)

    grey_alpha = rng.integers(0, 256, size=(h, w, 2), dtype=np.uint8)
    Image.fromarray(grey_alpha, mode="LA").save(HERE / "grey_alpha.png")
    expect("grey_alpha.png", grey_alpha[:, :, [0, 0, 0, 1]])

    grey_keyed = grey.copy()
    grey_keyed[0, 0] = 7
    Image.fromarray(grey_keyed, mode="L").save(HERE / "grey_trns.png", transparency=7)
    expect("grey_trns.png", np.stack([grey_keyed] * 3 + [np.where(grey_keyed == 7, 0, 255)], axis=2))

    rgb = rng.integers(0, 256, size=(h, w, 3), dtype=np.uint8)
    Image.fromarray(rgb, mode="RGB").save(HERE / "rgb8.png")
    expect("rgb8.png", rgb)

    rgba = rng.integers(0, 256, size=(h, w, 4), dtype=np.uint8)
    Image.fromarray(rgba, mode="RGBA").save(HERE / "rgba8.png")
    expect("rgba8.png", rgba)

    rgb16 = rng.integers(0, 65536, size=(h, w, 3), dtype=np.uint16)
    write_raw_png(HERE / "rgb16.png", rgb16, 16, 2)
    expect("rgb16.png", rgb16, scale=257)

    rgba16 = rng.integers(0, 65536, size=(h, w, 4), dtype=np.uint16)
    write_raw_png(HERE / "rgba16.png", rgba16, 16, 6)
    expect("rgba16.png", rgba16, scale=257)

    interlaced = rng.integers(0, 256, size=(h, w, 3), dtype=np.uint8)
    write_raw_png(HERE / "rgb8_interlaced.png", interlaced, 8, 2, interlaced=True)
    expect("rgb8_interlaced.png", interlaced)

    palette = rng.integers(0, 256, size=(6, 3), dtype=np.uint8)
    indices = rng.integers(0, 6, size=(h, w), dtype=np.uint8)
    indexed = Image.fromarray(indices, mode="P")
    indexed.putpalette(palette.ravel().tolist())
    indexed.save(HERE / "palette.png")
    expect("palette.png", palette[indices])

    alphas = np.array([0, 64, 128, 192, 255, 255], dtype=np.uint8)
    indexed.save(HERE / "palette_trns.png", transparency=alphas.tobytes())
    expect("palette_trns.png", np.concatenate([palette[indices], alphas[indices][:, :, None]], axis=2))

    # JPEGs: Pillow's own decode is the reference (its bundled libjpeg-turbo; ISLOW IDCT, fancy upsampling).
    smooth = synthetic_rgb(16, 8)
    jpeg_cases = [("grey.jpg", smooth[:, :, 1], "L", {}),
                  ("rgb.jpg", smooth, "RGB", {}),
                  ("rgb_progressive.jpg", smooth, "RGB", {"progressive": True}),
                  ("cmyk.jpg", np.concatenate([smooth, smooth[:, :, :1] // 2], axis=2), "CMYK", {})]
    for name, array, mode, options in jpeg_cases:
        buffer = io.BytesIO()
        Image.fromarray(array, mode=mode).save(buffer, "JPEG", quality=90, **options)
        (HERE / name).write_bytes(buffer.getvalue())
        decoded = Image.open(HERE / name)
        decoded = decoded.convert("RGB") if mode == "CMYK" else decoded
        pixels = np.asarray(decoded, dtype=np.float64)
        pixels = pixels[:, :, None] if pixels.ndim == 2 else pixels
        fixtures.append({"file": name, "width": 16, "height": 8, "channels": pixels.shape[2],
                         "pixels": floats(np.transpose(pixels, (2, 0, 1))),
                         # Pillow rounds CMYK->RGB to integers; other JPEGs should match exactly.
                         "tolerance": 1.0 if mode == "CMYK" else 0.0})
    write_json("decode.json", {"fixtures": fixtures})


if __name__ == "__main__":
    resize_cases()
    upsample_case()
    blur_cases()
    colormap_cases()
    decode_fixtures()
    print("wrote", sorted(p.name for p in HERE.iterdir() if p.suffix in {".json", ".png", ".jpg"}))
