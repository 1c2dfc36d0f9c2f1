/* The report form: rows added and removed in place (up to the list's cap),
 * Markdown preview from the server, completeness counts, typing that the
 * autosave follows, and links to a label. Saving is guardado.js's, diagrams
 * diagramas.js's. Everything also works without these scripts (submit buttons
 * do the same on the server). Never builds HTML from user text: user values go
 * through textContent and value; only the server's own markup (the sanitized
 * Markdown preview, the blank row of <template>) is inserted as HTML. */
(function () {
  "use strict";

  var api = window.InformesFormulario;
  if (!api) {
    return;
  }
  var formulario = api.formulario;
  var textos = api.textos;
  var campoLlamado = api.campoLlamado;

  /* --- Repeatable rows ------------------------------------------------- */

  function filasVisibles(grupo) {
    return grupo.querySelectorAll("[data-filas-cuerpo] [data-fila]:not([hidden])").length;
  }

  function revisarMaximo(grupo) {
    var prefijo = grupo.dataset.filas;
    var total = parseInt(campoLlamado(prefijo + "-TOTAL_FORMS").value, 10) || 0;
    var lleno =
      filasVisibles(grupo) >= parseInt(grupo.dataset.maximo, 10) ||
      total >= parseInt(grupo.dataset.absoluto, 10);
    var agregar = grupo.querySelector("[data-agregar-fila]");
    var aviso = grupo.querySelector("[data-filas-llenas]");
    agregar.disabled = lleno;
    if (aviso) {
      aviso.textContent = lleno ? textos.filasMaximas || "" : "";
    }
  }

  function quitarFila(fila, grupo) {
    var borrar = fila.querySelector("input[type=checkbox][name$='-DELETE']");
    if (borrar) {
      borrar.checked = true;
    }
    fila.hidden = true;
    api.cambio();
    revisarMaximo(grupo);
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
    cuerpo.querySelectorAll("[data-fila]").forEach(function (fila) {
      prepararFila(fila, grupo);
    });
    agregar.hidden = false;
    revisarMaximo(grupo);
    agregar.addEventListener("click", function () {
      revisarMaximo(grupo);
      if (agregar.disabled) {
        return;
      }
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
      revisarMaximo(grupo);
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
      api.pedir(formulario.dataset.vistaPrevia, datos).then(
        function (r) {
          panel.hidden = false;
          if (r.estado === 200 && r.json) {
            // Sanitized by nh3 on the server (markdown_seguro.renderizar).
            panel.innerHTML = r.json.html;
          } else {
            panel.textContent = (r.json && r.json.mensaje) || boton.dataset.error || "";
          }
        },
        function () {
          panel.hidden = false;
          panel.textContent = boton.dataset.error || "";
        }
      );
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
    if (
      (regla.campos || []).some(function (n) {
        return conValor(campoLlamado(n));
      })
    ) {
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
      var llenas = 0;
      seccion.querySelectorAll("[data-etiqueta]").forEach(function (b) {
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

  /* --- Typing -------------------------------------------------------------- */

  formulario.addEventListener("input", function (evento) {
    var campo = evento.target;
    // Reply boxes of the comments belong to forms of their own (form="hilo-…").
    if (campo.form !== formulario || campo.name === "requisitos" || campo.type === "file") {
      return;
    }
    api.cambio();
  });

  /* --- Links to a label (an incomplete report's message) --------------- */

  function irAEtiqueta() {
    var destino = /^#etiqueta-[a-z_]+$/.test(window.location.hash)
      ? document.getElementById(window.location.hash.slice(1))
      : null;
    if (!destino) {
      return;
    }
    var control = destino.querySelector(
      "input:not([type=hidden]):not([hidden]), textarea, select"
    );
    if (control) {
      control.focus({ preventScroll: true });
    }
  }

  /* --- Start --------------------------------------------------------------- */

  formulario.querySelectorAll("[data-solo-sin-js]").forEach(function (el) {
    el.hidden = true;
  });
  formulario.querySelectorAll("[data-solo-con-js]").forEach(function (el) {
    el.hidden = false;
  });
  // Every change of the report, typed or not, recounts the labels filled.
  var cambio = api.cambio;
  api.cambio = function () {
    cambio();
    actualizarCompletitud();
  };
  api.actualizarCompletitud = actualizarCompletitud;
  window.addEventListener("hashchange", irAEtiqueta);
  // Arriving at a label from another page: the browser's own scroll to the
  // fragment, when the page has loaded, would take the focus away again.
  window.addEventListener("load", function () {
    window.setTimeout(irAEtiqueta, 0);
  });
})();
