"""Which characters the PDF's fonts draw, and the code point written for the others."""

from informes.exporters import fuentes


def test_the_installed_fonts_draw_what_users_type():
    texto = "Año é ü ß Ω Ж 模型部署 日本語 한국어 نموذج עברית हिन्दी ภาษาไทย ∑ ∫ ≥ → ✅ 🚀 👍🏽 🇨🇴"
    assert fuentes.sin_glifo(texto) == []


def test_private_use_unassigned_and_control_characters_have_no_glyph():
    assert fuentes.sin_glifo("a\ue000b\U000f0000c\u0378d\x07") == [
        "\x07",
        "\u0378",
        "\ue000",
        "\U000f0000",
    ]


def test_ignorable_characters_and_white_space_need_no_glyph():
    assert fuentes.sin_glifo("❤\ufe0f a\u00adb \U000e0067\t\n") == []


def test_only_the_bodys_text_is_rewritten():
    html = (
        '<html><head><title>x\ue000</title></head><body><p title="\ue000">a\ue000b</p>'
        "<pre>\U000f0000</pre></body></html>"
    )
    assert fuentes.sustituir(html) == (
        '<html><head><title>x\ue000</title></head><body><p title="\ue000">'
        'a<span class="sin-glifo">U+E000</span>b</p>'
        '<pre><span class="sin-glifo">U+F0000</span></pre></body></html>'
    )


def test_html_without_such_characters_is_returned_as_it_is():
    html = "<html><body><p>Informe 模型 🚀</p></body></html>"
    assert fuentes.sustituir(html) is html
