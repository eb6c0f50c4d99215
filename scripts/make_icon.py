"""Draw the application icon PNGs from the same geometry as resources/icons/aces.svg.

Run once when the design changes; the PNGs are committed (a few kilobytes each).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
NAVY = (23, 50, 77, 255)
PAPER = (244, 241, 234, 255)
GREEN = (31, 138, 112, 255)


def draw(size: int) -> Image.Image:
    scale = 4  # draw large, then downsample for smooth edges
    s = size * scale / 256
    img = Image.new("RGBA", (size * scale, size * scale), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle([8 * s, 8 * s, 248 * s, 248 * s], radius=44 * s, fill=NAVY)
    shield = [
        (128, 36),
        (206, 66),
        (206, 124),
        (196, 160),
        (172, 192),
        (128, 222),
        (84, 192),
        (60, 160),
        (50, 124),
        (50, 66),
    ]
    d.polygon([(x * s, y * s) for x, y in shield], fill=PAPER)
    d.line(
        [(92 * s, 128 * s), (118 * s, 154 * s), (168 * s, 100 * s)],
        fill=GREEN,
        width=int(20 * s),
        joint="curve",
    )
    return img.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    out = ROOT / "resources" / "icons"
    out.mkdir(parents=True, exist_ok=True)
    draw(256).save(out / "aces.png", optimize=True)
    draw(256).save(out / "aces.ico", sizes=[(16, 16), (32, 32), (48, 48), (64, 64), (256, 256)])


if __name__ == "__main__":
    main()
