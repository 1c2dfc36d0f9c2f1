import pytest

from informes import services
from tests.factories import analista, informe_completo, revisor

pytestmark = pytest.mark.django_db


@pytest.fixture
def url_base(settings):
    settings.INFORMES_URL_BASE = "https://informes.example.org/"
    return "https://informes.example.org"


def enviado(capturar, **kwargs):
    informe = informe_completo(**kwargs)
    with capturar(execute=True):
        return services.informe_enviar(informe=informe, usuario=informe.autor)


def test_sending_mails_each_active_reviewer_with_an_address_and_a_link(
    mailoutbox, django_capture_on_commit_callbacks, url_base
):
    uno, dos = revisor(), revisor()
    revisor(is_active=False)
    revisor(email="")
    analista()
    informe = enviado(django_capture_on_commit_callbacks)
    destinatarios = sorted(d for m in mailoutbox for d in m.to)
    assert destinatarios == sorted([uno.email, dos.email])
    assert all(len(m.to) == 1 for m in mailoutbox)  # nobody sees the other addresses
    mensaje = mailoutbox[0]
    assert mensaje.subject == f"Informe para revisar: {informe}"
    assert f"{url_base}/informes/{informe.pk}/" in mensaje.body
    assert f"{url_base}/revision/" in mensaje.body


def test_reviewer_who_is_the_author_is_not_asked_to_review(
    mailoutbox, django_capture_on_commit_callbacks
):
    otro = revisor()
    autor_revisor = revisor()
    enviado(django_capture_on_commit_callbacks, autor=autor_revisor)
    assert [m.to for m in mailoutbox] == [[otro.email]]


def test_approval_mails_author_and_coauthors_with_the_comment(
    mailoutbox, django_capture_on_commit_callbacks, url_base
):
    informe = informe_completo()
    coautor = analista()
    informe.coautores.add(coautor)
    informe = services.informe_enviar(informe=informe, usuario=informe.autor)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.informe_aprobar(informe=informe, revisor=revisor(), comentario="Listo para usar.")
    assert sorted(d for m in mailoutbox for d in m.to) == sorted(
        [informe.autor.email, coautor.email]
    )
    assert mailoutbox[0].subject == f"Informe aprobado: {informe}"
    assert "Listo para usar." in mailoutbox[0].body
    assert f"{url_base}/informes/{informe.pk}/" in mailoutbox[0].body


def test_requested_changes_mail_the_authors_with_the_reviewer_comment(
    mailoutbox, django_capture_on_commit_callbacks
):
    informe = informe_completo()
    informe = services.informe_enviar(informe=informe, usuario=informe.autor)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.informe_solicitar_cambios(
            informe=informe, revisor=revisor(), comentario="Falta el plan de contingencia."
        )
    assert [m.to for m in mailoutbox] == [[informe.autor.email]]
    assert mailoutbox[0].subject == f"Cambios solicitados en su informe: {informe}"
    assert "Falta el plan de contingencia." in mailoutbox[0].body


def test_no_mail_leaves_when_the_transition_fails(mailoutbox, django_capture_on_commit_callbacks):
    informe = informe_completo()
    informe = services.informe_enviar(informe=informe, usuario=informe.autor)
    mailoutbox.clear()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(services.ConflictoConcurrente),
    ):
        services.informe_aprobar(
            informe=informe, revisor=revisor(), contador_visto=informe.contador_cambios + 5
        )
    assert mailoutbox == []


def test_a_mail_server_that_fails_does_not_undo_the_transition(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # nothing listens there
    settings.EMAIL_TIMEOUT = 2
    revisor()
    informe = enviado(django_capture_on_commit_callbacks)
    informe.refresh_from_db()
    assert informe.estado == "en_revision"


def test_a_report_name_with_line_breaks_cannot_inject_mail_headers(
    mailoutbox, django_capture_on_commit_callbacks
):
    revisor()
    informe = informe_completo(nombre_modelo="Modelo\r\nBcc: intruso@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.informe_enviar(informe=informe, usuario=informe.autor)
    assert len(mailoutbox) == 1
    assert "\n" not in mailoutbox[0].subject
    assert mailoutbox[0].bcc == []
    assert "intruso@example.org" not in mailoutbox[0].message()["To"]
