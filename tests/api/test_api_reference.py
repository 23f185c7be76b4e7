"""GET /awards: the catalogue with the route the DMN gives each award."""

# Written from the design (the law: who decides, which grouping endorses, provincial council).
ROUTES = {
    "LDTT": ("director", "none", False),
    "CSTDCS": ("director", "none", False),
    "TTLDTT": ("director", "none", False),
    "GK_CN": ("director", "none", False),
    "GK_TT": ("director", "none", False),
    "CSTD_TINH": ("chairman", "none", True),
    "BK_TINH_CN": ("chairman", "none", False),
    "BK_TINH_TT": ("chairman", "cluster", False),
    "TTLDXS": ("chairman", "cluster", False),
    "CO_THI_DUA_TINH": ("chairman", "bloc", True),
    # beyond the province: the Chairman submits to the sector's ministry, or through the
    # Ministry of Home Affairs to the Prime Minister (issue 18)
    "BK_BO_CN": ("minister", "none", False),
    "BK_BO_TT": ("minister", "cluster", False),
    "KNC_BO": ("minister", "none", False),
    "BK_TTG_CN": ("prime_minister", "none", True),
    "BK_TTG_TT": ("prime_minister", "cluster", True),
    "CO_THI_DUA_CP": ("prime_minister", "bloc", True),
    "CSTD_TOAN_QUOC": ("prime_minister", "none", True),
}


def test_awards_with_routes(api):
    awards = api("vanthu.cntt").ok("GET", "/awards")
    by_code = {a["code"]: a for a in awards}
    assert {code for code, a in by_code.items() if a["fileable"]} == set(ROUTES)
    for code, (decider, endorsement, council) in ROUTES.items():
        route = by_code[code]["route"]
        assert (route["decider"], route["endorsement"], route["province_council"]) == (
            decider,
            endorsement,
            council,
        ), code
    flag = by_code["CO_THI_DUA_TINH"]
    assert (flag["name"], flag["target"], flag["kind"], flag["level"]) == (
        "Cờ thi đua của UBND tỉnh",
        "collective",
        "title",
        "province",
    )
    assert flag["name_en"] == "Provincial People's Committee Emulation Flag"
    assert "Điều 26" in flag["legal_basis"]
    # Called again (now from the cache) the answer is the same.
    assert api("giamdoc.yte").ok("GET", "/awards") == awards


def test_awards_need_a_token(client):
    response = client.get("/api/v1/awards")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.headers["Cache-Control"] == "no-store"
