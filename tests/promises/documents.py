"""Real documents for upload tests, made by Chromium (page.pdf and page.screenshot)."""

from pathlib import Path

FILES = Path(__file__).resolve().parent / "files"

PDF = (FILES / "avtal.pdf").read_bytes()
PNG = (FILES / "bild.png").read_bytes()
JPEG = (FILES / "foto.jpg").read_bytes()
