"""Small files of each accepted type, and impostors, built here byte by byte."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def jpeg() -> bytes:
    return (
        b"\xff\xd8\xff\xe0"
        + struct.pack(">H", 16)
        + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        + b"\xff\xd9"
    )


def ooxml(folder: str, part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr(f"{folder}{part}", "<document/>")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "không phải văn bản Word")
    return buffer.getvalue()


#: name -> bytes of a file the server must accept
GOOD = {
    "bien-ban-hop.pdf": PDF,
    "bao-cao-thanh-tich.docx": ooxml("word/", "document.xml"),
    "danh-sach.xlsx": ooxml("xl/", "workbook.xml"),
    "to-trinh-cu.doc": OLE2,
    "bang-diem-cu.xls": OLE2,
    "ANH-CHUP.JPG": jpeg(),
    "ban-chup.jpeg": jpeg(),
    "giay-khen.png": png(),
}
#: name -> bytes of a file the server must refuse, and why
BAD = {
    "chuong-trinh.exe": (b"MZ\x90\x00" + b"\x00" * 60, "loại tệp"),
    "trang.html.pdf": (b"<html><script>alert(1)</script></html>", "nội dung"),
    "anh-gia.png": (PDF, "nội dung"),
    "khong-phai-word.docx": (plain_zip(), "nội dung"),
    "bang-tinh-la-word.xlsx": (ooxml("word/", "document.xml"), "nội dung"),
    "rong.pdf": (b"", "rỗng"),
    "khongduoi": (PDF, "loại tệp"),
    ".pdf": (PDF, "loại tệp"),
    "bao-cao.svg": (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "loại tệp"),
}
