/* Review comments without leaving the page: a new comment, a reply, «Marcar
 * como resuelto» and «Reabrir» are sent with fetch, asking for JSON; the
 * server answers with the section's comments rendered anew, which replace the
 * old ones in place. Inside the edit form, whatever is typed in the report is
 * saved first (formulario.js). A refusal shows beside the box that caused it.
 * Without this script every control is a plain form post that comes back to
 * the same place. Only the server's own markup is inserted as HTML. */
(function () {
  "use strict";

  var textos = (document.getElementById("textos-script") || { dataset: {} }).dataset;
  var aviso = null;

  function anunciar(texto) {
    if (!aviso) {
      aviso = document.createElement("div");
      aviso.className = "visually-hidden";
      aviso.setAttribute("role", "status");
      document.body.appendChild(aviso);
    }
    aviso.textContent = texto || "";
  }

  function token(datos) {
    var valor = datos.get("csrfmiddlewaretoken");
    if (valor) {
      return valor;
    }
    var campo = document.querySelector("input[name=csrfmiddlewaretoken]");
    return campo ? campo.value : "";
  }

  function antes() {
    // In the edit form: what is typed in the report is saved before anything else.
    if (window.InformesFormulario) {
      return window.InformesFormulario.guardarPendiente().catch(function () {
        return false;
      });
    }
    return Promise.resolve(true);
  }

  function mostrarError(caja, boton, texto) {
    var zona = caja ? caja.parentNode : boton.parentNode;
    var error = zona.querySelector("[data-error-caja]");
    if (!error) {
      error = document.createElement("div");
      error.className = "invalid-feedback";
      error.setAttribute("data-error-caja", "");
      boton.insertAdjacentElement("afterend", error);
    }
    error.textContent = texto;
    error.hidden = false;
    error.classList.add("d-block");
    if (caja) {
      caja.classList.add("is-invalid");
      caja.setAttribute("aria-invalid", "true");
      caja.focus();
    }
    anunciar(texto);
  }

  function reemplazar(zona, html, hilo) {
    var plantilla = document.createElement("template");
    // The server's own rendering (Django's templates escape every comment's text).
    plantilla.innerHTML = html.trim();
    var nueva = plantilla.content.firstElementChild;
    if (!nueva) {
      return;
    }
    zona.replaceWith(nueva);
    var destino = hilo ? nueva.querySelector("[data-hilo='" + hilo + "']") : null;
    destino = destino || nueva;
    destino.setAttribute("tabindex", "-1");
    destino.focus({ preventScroll: false });
  }

  function enviar(url, datos, boton, caja) {
    var zona = boton.closest("[data-comentarios]");
    var hilo = boton.closest("[data-hilo]");
    boton.disabled = true;
    antes()
      .then(function () {
        return fetch(url, {
          method: "POST",
          body: datos,
          headers: { Accept: "application/json", "X-CSRFToken": token(datos) },
          credentials: "same-origin",
        });
      })
      .then(function (r) {
        return r.json().then(
          function (j) {
            return { ok: r.ok, json: j };
          },
          function () {
            return { ok: false, json: {} };
          }
        );
      })
      .then(
        function (r) {
          var j = r.json || {};
          boton.disabled = false;
          if (r.ok && j.ok && zona) {
            reemplazar(zona, j.html || "", hilo ? hilo.dataset.hilo : "");
            anunciar(j.mensaje);
            return;
          }
          mostrarError(caja, boton, j.mensaje || textos.errorConexion || "");
        },
        function () {
          boton.disabled = false;
          mostrarError(caja, boton, textos.errorConexion || "");
        }
      );
  }

  // Inside the edit form: the controls name their thread's form (form="hilo-…"),
  // placed after the report's form, and each button its own address.
  document.addEventListener("click", function (evento) {
    var boton = evento.target.closest("[data-accion-hilo]");
    if (!boton) {
      return;
    }
    var hilo = document.getElementById(boton.getAttribute("form"));
    if (!hilo) {
      return;
    }
    evento.preventDefault();
    var caja = boton.closest("details") ? boton.closest("details").querySelector("[data-caja]") : null;
    var datos = new FormData(hilo);
    if (!caja) {
      datos.delete("texto");
    }
    enviar(boton.getAttribute("formaction"), datos, boton, caja);
  });

  // On the report's page: each action is a small form of its own.
  document.addEventListener("submit", function (evento) {
    var formulario = evento.target.closest("[data-comentario-envio]");
    if (!formulario) {
      return;
    }
    evento.preventDefault();
    var boton = formulario.querySelector("[type=submit]");
    enviar(formulario.action, new FormData(formulario), boton, formulario.querySelector("[data-caja]"));
  });
})();
