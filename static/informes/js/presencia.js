/* Edit presence: while the edit page is open it tells the server so every
 * half minute, and shows the server's «<nombre> también está editando este
 * informe» when another signed-in user has the same draft open. Leaving the
 * page says so at once. Names arrive as text and are shown as text. */
(function () {
  "use strict";

  var aviso = document.getElementById("presencia");
  if (!aviso || !aviso.dataset.url || !window.fetch) {
    return;
  }
  var intervalo = parseInt(aviso.dataset.intervalo, 10) || 30000;
  var temporizador = null;

  function token() {
    var campo = document.querySelector("input[name=csrfmiddlewaretoken]");
    return campo ? campo.value : "";
  }

  function datos(accion) {
    var cuerpo = new FormData();
    cuerpo.append("csrfmiddlewaretoken", token());
    if (accion) {
      cuerpo.append("accion", accion);
    }
    return cuerpo;
  }

  function mostrar(texto) {
    aviso.textContent = texto || "";
    aviso.hidden = !texto;
  }

  function latir() {
    fetch(aviso.dataset.url, {
      method: "POST",
      body: datos(),
      headers: { "X-CSRFToken": token() },
      credentials: "same-origin",
    })
      .then(function (r) {
        if (r.status === 401 || r.status === 403 || r.status === 404) {
          // Signed out, or no longer an editor: stop asking.
          window.clearInterval(temporizador);
          mostrar("");
          return null;
        }
        return r.ok ? r.json() : null;
      })
      .then(function (j) {
        if (j) {
          mostrar(j.mensaje);
        }
      })
      .catch(function () {
        /* Offline for a moment: the next heartbeat tries again. */
      });
  }

  latir();
  temporizador = window.setInterval(latir, intervalo);
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) {
      latir();
    }
  });
  window.addEventListener("pagehide", function () {
    if (navigator.sendBeacon) {
      navigator.sendBeacon(aviso.dataset.url, datos("salir"));
    }
  });
})();
