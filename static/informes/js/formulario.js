/* The report form: rows added and removed in place, Markdown preview from the
 * server, autosave, completeness counts and a warning before leaving with
 * unsaved changes. Everything also works without this script (submit buttons
 * do the same on the server). Never builds HTML from user text: user values go
 * through textContent; only the server's sanitized preview is inserted as HTML. */
(function () {
  "use strict";

  var formulario = document.getElementById("formulario-informe");
  if (!formulario) {
    return;
  }
  var INTERVALO_AUTOGUARDADO = 30000;
  var estadoGuardado = document.getElementById("estado-guardado");
  var cambiosSinGuardar = formulario.dataset.sinGuardar === "1";
  var version = 0; // bumps on every edit, so a save in flight knows if it is stale
  var enviando = false;
  var autoguardadoDetenido = formulario.dataset.bloqueado === "1";
  var autoguardadoEnCurso = null; // the promise of the autosave in flight
  var seccionActual = null;

  function avisar(texto) {
    if (estadoGuardado) {
      estadoGuardado.textContent = texto;
    }
  }

  function token() {
    var campo = formulario.querySelector("input[name=csrfmiddlewaretoken]");
    return campo ? campo.value : "";
  }

  /* --- Repeatable rows ------------------------------------------------- */

  function quitarFila(fila, grupo) {
    var borrar = fila.querySelector("input[type=checkbox][name$='-DELETE']");
    if (borrar) {
      borrar.checked = true;
    }
    fila.hidden = true;
    marcarCambio();
    actualizarCompletitud();
    var agregar = grupo.querySelector("[data-agregar-fila]");
    if (agregar) {
      agregar.focus();
    }
  }

  function prepararFila(fila, grupo) {
    var boton = fila.querySelector("[data-quitar-fila]");
    var sinJs = fila.querySelector("[data-quitar-sin-js]");
    if (boton) {
      boton.hidden = false;
      boton.addEventListener("click", function () {
        quitarFila(fila, grupo);
      });
    }
    if (sinJs) {
      sinJs.hidden = true;
    }
    var borrar = fila.querySelector("input[type=checkbox][name$='-DELETE']");
    if (borrar && borrar.checked) {
      fila.hidden = true;
    }
  }

  document.querySelectorAll("[data-filas]").forEach(function (grupo) {
    var prefijo = grupo.dataset.filas;
    var total = grupo.querySelector("input[name='" + prefijo + "-TOTAL_FORMS']");
    var cuerpo = grupo.querySelector("[data-filas-cuerpo]");
    var plantilla = grupo.querySelector("template[data-fila-vacia]");
    var agregar = grupo.querySelector("[data-agregar-fila]");
    grupo.querySelectorAll("[data-solo-sin-js]").forEach(function (el) {
      el.hidden = true;
    });
    cuerpo.querySelectorAll("[data-fila]").forEach(function (fila) {
      prepararFila(fila, grupo);
    });
    agregar.hidden = false;
    agregar.addEventListener("click", function () {
      var indice = parseInt(total.value, 10) || 0;
      var html = plantilla.innerHTML
        .replace(/__prefix__/g, String(indice))
        .replace(/__numero__/g, String(indice + 1));
      // The template is our own server-rendered markup, not user text.
      var contenedor = document.createElement("tbody");
      contenedor.innerHTML = html;
      var fila = contenedor.querySelector("[data-fila]");
      cuerpo.appendChild(fila);
      total.value = String(indice + 1);
      prepararFila(fila, grupo);
      var primero = fila.querySelector("input:not([type=hidden]):not([type=checkbox])");
      if (primero) {
        primero.focus();
      }
      actualizarCompletitud();
    });
  });

  /* --- Markdown preview rendered by the server --------------------------- */

  document.querySelectorAll("[data-previsualizar]").forEach(function (boton) {
    var id = boton.dataset.previsualizar;
    var area = document.getElementById(id);
    var panel = document.querySelector("[data-vista-previa-de='" + id + "']");
    if (!area || !panel) {
      return;
    }
    boton.hidden = false;
    boton.setAttribute("aria-controls", panel.id || "");
    boton.addEventListener("click", function () {
      var datos = new FormData();
      datos.append("texto", area.value);
      fetch(formulario.dataset.vistaPrevia, {
        method: "POST",
        body: datos,
        headers: { "X-CSRFToken": token() },
        credentials: "same-origin",
      })
        .then(function (r) {
          return r.json().then(function (j) {
            return { estado: r.status, json: j };
          });
        })
        .then(function (r) {
          panel.hidden = false;
          if (r.estado === 200) {
            // Sanitized by nh3 on the server (markdown_seguro.renderizar).
            panel.innerHTML = r.json.html;
          } else {
            panel.textContent = r.json.mensaje || "";
          }
        })
        .catch(function () {
          panel.hidden = false;
          panel.textContent = boton.dataset.error || "";
        });
    });
  });

  /* --- Completeness per section ----------------------------------------- */

  // Which inputs fill each label, from the server (FormularioInforme.regla_completitud):
  // the same rule the server applies, so both count alike.
  var reglaCompletitud = JSON.parse(formulario.dataset.reglaCompletitud || "{}");

  function conValor(campo) {
    if (!campo) {
      return false;
    }
    if (campo.type === "file") {
      return campo.files.length > 0;
    }
    return campo.value.trim() !== "";
  }

  function campoLlamado(nombre) {
    return formulario.querySelector("[name='" + nombre + "']");
  }

  function filaLlena(prefijo, indice, columnas) {
    var borrar = campoLlamado(prefijo + "-" + indice + "-DELETE");
    if (borrar && borrar.checked) {
      return false;
    }
    return columnas.some(function (columna) {
      return conValor(campoLlamado(prefijo + "-" + indice + "-" + columna));
    });
  }

  function etiquetaLlena(campo) {
    var regla = reglaCompletitud[campo];
    if (!regla) {
      return false;
    }
    if (conValor(campoLlamado(regla.no_aplica))) {
      return true;
    }
    if ((regla.campos || []).some(function (n) { return conValor(campoLlamado(n)); })) {
      return true;
    }
    if (regla.archivos && conValor(campoLlamado(regla.archivos))) {
      return true;
    }
    if (regla.filas) {
      var total = campoLlamado(regla.filas.prefijo + "-TOTAL_FORMS");
      var filas = total ? parseInt(total.value, 10) || 0 : 0;
      for (var i = 0; i < filas; i++) {
        if (filaLlena(regla.filas.prefijo, i, regla.filas.columnas)) {
          return true;
        }
      }
    }
    return false;
  }

  function actualizarCompletitud() {
    document.querySelectorAll("[data-seccion]").forEach(function (seccion) {
      var insignia = document.querySelector("[data-completitud='" + seccion.dataset.seccion + "']");
      if (!insignia) {
        return;
      }
      var bloques = seccion.querySelectorAll("[data-etiqueta]");
      var llenas = 0;
      bloques.forEach(function (b) {
        if (etiquetaLlena(b.dataset.etiqueta)) {
          llenas += 1;
        }
      });
      var total = parseInt(insignia.dataset.total, 10);
      insignia.textContent = llenas + "/" + total;
      insignia.classList.toggle("text-bg-success", llenas === total);
      insignia.classList.toggle("text-bg-secondary", llenas !== total);
    });
  }

  /* --- Autosave ---------------------------------------------------------- */

  function marcarCambio() {
    cambiosSinGuardar = true;
    version += 1;
  }

  function autoguardar() {
    if (autoguardadoDetenido || autoguardadoEnCurso || enviando || !cambiosSinGuardar) {
      return;
    }
    var datos = new FormData(formulario);
    ["archivos", "accion", "requisitos"].forEach(function (n) {
      datos.delete(n);
    });
    var enviada = version;
    autoguardadoEnCurso = fetch(formulario.dataset.autoguardar, {
      method: "POST",
      body: datos,
      headers: { "X-CSRFToken": token() },
      credentials: "same-origin",
    })
      .then(function (r) {
        return r.json().then(function (j) {
          return { estado: r.status, json: j };
        });
      })
      .then(function (r) {
        var j = r.json;
        if (r.estado === 200 && j.ok) {
          formulario.querySelector("input[name=contador_cambios]").value = String(j.contador);
          if (j.urls) {
            // The first autosave of a new report created it: edit it from now on.
            formulario.action = j.urls.accion;
            formulario.dataset.autoguardar = j.urls.autoguardar;
            formulario.dataset.vistaPrevia = j.urls.vista_previa;
            window.history.replaceState(null, "", j.urls.accion);
          }
          if (version === enviada) {
            cambiosSinGuardar = false;
          }
          avisar(j.mensaje);
          return;
        }
        if (r.estado === 409 || r.estado === 401 || r.estado === 403) {
          // A conflict or an expired session: stop, and let the user save by hand.
          autoguardadoDetenido = true;
          mostrarAlerta(j.mensaje);
        }
        avisar(j.mensaje || "");
      })
      .catch(function () {
        /* Offline for a moment: the next tick tries again. */
      })
      .then(function () {
        autoguardadoEnCurso = null;
      });
  }

  function mostrarAlerta(texto) {
    var alerta = document.getElementById("alerta-autoguardado");
    if (!alerta) {
      alerta = document.createElement("div");
      alerta.id = "alerta-autoguardado";
      alerta.className = "alert alert-warning";
      alerta.setAttribute("role", "alert");
      formulario.parentNode.insertBefore(alerta, formulario);
    }
    alerta.textContent = texto || "";
  }

  formulario.addEventListener("input", function (evento) {
    if (evento.target.name === "requisitos") {
      return;
    }
    marcarCambio();
    actualizarCompletitud();
  });
  formulario.addEventListener("change", function () {
    actualizarCompletitud();
  });

  // Leaving a section saves it.
  formulario.addEventListener("focusin", function (evento) {
    var seccion = evento.target.closest("[data-seccion]");
    var nueva = seccion ? seccion.dataset.seccion : null;
    if (seccionActual && nueva && nueva !== seccionActual) {
      autoguardar();
    }
    if (nueva) {
      seccionActual = nueva;
    }
  });
  window.setInterval(autoguardar, INTERVALO_AUTOGUARDADO);

  /* --- Leaving the page -------------------------------------------------- */

  var ESPERA_MAXIMA_AUTOGUARDADO = 8000;

  function enviarAhora(boton) {
    // The deferred submit must never be lost: if requestSubmit is refused (the
    // button was replaced meanwhile), post the form directly with the button's value.
    enviando = true;
    try {
      formulario.requestSubmit(boton || undefined);
    } catch (error) {
      if (boton && boton.name) {
        var valor = document.createElement("input");
        valor.type = "hidden";
        valor.name = boton.name;
        valor.value = boton.value;
        formulario.appendChild(valor);
      }
      formulario.submit();
    }
  }

  formulario.addEventListener("submit", function (evento) {
    if (autoguardadoEnCurso && !enviando) {
      // Let the autosave finish first: it may change the counter or, on a new
      // report, the address the form posts to. Never wait forever: after a few
      // seconds the form is sent anyway (at worst the server reports a conflict
      // and shows both versions).
      evento.preventDefault();
      var boton = evento.submitter;
      var espera = new Promise(function (resolver) {
        window.setTimeout(resolver, ESPERA_MAXIMA_AUTOGUARDADO);
      });
      Promise.race([autoguardadoEnCurso, espera]).then(function () {
        enviarAhora(boton);
      });
      return;
    }
    enviando = true;
  });
  window.addEventListener("beforeunload", function (evento) {
    if (cambiosSinGuardar && !enviando) {
      evento.preventDefault();
      evento.returnValue = "";
    }
  });
})();
