/* The report form's diagrams: a chosen file is stored at once (with a progress
 * bar; a new report is created first by an autosave), «Quitar» removes at once,
 * «Subir» and «Bajar» reorder in place for the autosave to store. Every write
 * goes through guardado.js's queue. A refused file says why beside the input;
 * more files than one upload takes are refused here, before sending. Without
 * the script «Guardar borrador» saves the chosen files. Only the server's own
 * markup (the blank diagram of <template>) is inserted as HTML. */
(function () {
  "use strict";

  var api = window.InformesFormulario;
  if (!api) {
    return;
  }
  var formulario = api.formulario;
  var textos = api.textos;
  var estado = api.estado;
  var campoLlamado = api.campoLlamado;
  var subidaPendiente = false;

  var subida = formulario.querySelector("[data-subida]");
  var entradaArchivos = subida ? subida.querySelector("input[type=file]") : null;
  var listaDiagramas = formulario.querySelector("[data-diagramas-lista]");

  function errorSubida(texto) {
    var error = subida.querySelector("[data-subida-error]");
    error.textContent = texto || "";
    error.hidden = !texto;
    if (texto) {
      entradaArchivos.setAttribute("aria-invalid", "true");
      var descrito = (entradaArchivos.getAttribute("aria-describedby") || "").split(" ");
      if (descrito.indexOf(error.id) < 0) {
        entradaArchivos.setAttribute("aria-describedby", descrito.concat(error.id).join(" ").trim());
      }
    } else {
      entradaArchivos.removeAttribute("aria-invalid");
    }
  }

  function avisoSubida(texto) {
    subida.querySelector("[data-subida-aviso]").textContent = texto || "";
  }

  function renumerarDiagramas() {
    var items = listaDiagramas.querySelectorAll("[data-diagrama]");
    var patron = /diagramas-(\d+|__prefix__)-/g;
    items.forEach(function (item, i) {
      item.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (el) {
        ["name", "id", "for", "aria-describedby"].forEach(function (atributo) {
          var valor = el.getAttribute(atributo);
          if (valor) {
            el.setAttribute(atributo, valor.replace(patron, "diagramas-" + i + "-"));
          }
        });
      });
      item.querySelectorAll("[data-numero]").forEach(function (n) {
        n.textContent = String(i + 1);
      });
      item.querySelectorAll("[data-mover]").forEach(function (boton) {
        boton.value = boton.value.replace(/^mover:[^:]*:/, "mover:" + i + ":");
        var paso = parseInt(boton.dataset.mover, 10);
        boton.hidden = (paso < 0 && i === 0) || (paso > 0 && i === items.length - 1);
      });
    });
    campoLlamado("diagramas-TOTAL_FORMS").value = String(items.length);
    campoLlamado("diagramas-INITIAL_FORMS").value = String(items.length);
    var vacio = formulario.querySelector("[data-sin-diagramas]");
    if (vacio) {
      vacio.hidden = items.length > 0;
    }
    api.actualizarCompletitud();
  }

  function agregarDiagrama(d) {
    var plantilla = formulario.querySelector("template[data-diagrama-vacio]");
    var contenedor = document.createElement("ol");
    // Our own server-rendered markup; the diagram's values go in as values below.
    contenedor.innerHTML = plantilla.innerHTML;
    var item = contenedor.querySelector("[data-diagrama]");
    item.querySelector("input[name$='-pk']").value = String(d.pk);
    item.querySelector("input[name$='-titulo']").value = d.titulo;
    item.querySelector("input[name$='-leyenda']").value = d.leyenda;
    var imagen = item.querySelector("[data-miniatura]");
    imagen.src = d.url;
    imagen.alt = (textos.miniatura || "") + " " + d.titulo;
    imagen.width = d.ancho;
    imagen.height = d.alto;
    var quitar = item.querySelector("[data-quitar-diagrama]");
    quitar.dataset.quitarDiagrama = d.quitar;
    quitar.hidden = false;
    item.querySelectorAll("[data-solo-sin-js]").forEach(function (el) {
      el.hidden = true;
    });
    listaDiagramas.appendChild(item);
    renumerarDiagramas();
  }

  function tratarSubida(codigo, j) {
    j = j || {};
    entradaArchivos.value = "";
    subidaPendiente = false;
    if (codigo === 200 && j.ok) {
      (j.diagramas || []).forEach(agregarDiagrama);
      api.aplicarOcultos(j.ocultos);
      errorSubida("");
      avisoSubida(j.mensaje);
      return;
    }
    var errores = (j.errores && j.errores.archivos) || [];
    errorSubida(errores.length ? errores.join(" ") : j.mensaje || textos.errorConexion);
    avisoSubida("");
    if (codigo === 401 && j.mensaje) {
      api.detener(j.mensaje);
    }
    api.actualizarCompletitud();
  }

  function enviarArchivos(archivos) {
    var progreso = subida.querySelector("[data-subida-progreso]");
    var barra = progreso.querySelector("progress");
    return new Promise(function (resolver) {
      var datos = new FormData();
      datos.append("contador_cambios", campoLlamado("contador_cambios").value);
      archivos.forEach(function (archivo) {
        datos.append("archivos", archivo, archivo.name);
      });
      var peticion = new XMLHttpRequest();
      peticion.open("POST", formulario.dataset.subirDiagramas);
      peticion.setRequestHeader("X-CSRFToken", api.token());
      peticion.setRequestHeader("Accept", "application/json");
      peticion.upload.addEventListener("progress", function (evento) {
        if (evento.lengthComputable) {
          barra.value = Math.round((100 * evento.loaded) / evento.total);
        }
      });
      function terminar() {
        progreso.hidden = true;
        resolver();
      }
      peticion.addEventListener("load", function () {
        var j = null;
        try {
          j = JSON.parse(peticion.responseText);
        } catch (error) {
          j = null;
        }
        tratarSubida(peticion.status, j);
        terminar();
      });
      peticion.addEventListener("error", function () {
        // Kept in the input: sent again when the connection is back.
        avisoSubida(textos.subidaSinConexion);
        api.programarReintento();
        terminar();
      });
      barra.value = 0;
      progreso.hidden = false;
      avisoSubida(textos.subiendo);
      peticion.send(datos);
    });
  }

  // Runs in the queue. A new report is created first by an autosave.
  function subir() {
    var archivos = entradaArchivos ? Array.prototype.slice.call(entradaArchivos.files) : [];
    if (estado.enviando) {
      return Promise.resolve(); // the files still in the input go with the posted form
    }
    if (!archivos.length) {
      subidaPendiente = false;
      return Promise.resolve();
    }
    if (navigator.onLine === false) {
      avisoSubida(textos.subidaSinConexion);
      api.programarReintento();
      return Promise.resolve();
    }
    var preparado = formulario.dataset.subirDiagramas ? Promise.resolve(true) : api.guardar(true);
    return preparado.then(function () {
      if (!formulario.dataset.subirDiagramas) {
        if (!estado.reintento) {
          errorSubida(textos.subidaSinInforme);
        }
        return null;
      }
      return enviarArchivos(archivos);
    });
  }

  if (entradaArchivos) {
    entradaArchivos.addEventListener("change", function () {
      var archivos = entradaArchivos.files;
      if (!archivos.length) {
        return;
      }
      if (archivos.length > parseInt(subida.dataset.maximo, 10)) {
        // Refused here, before a byte is sent.
        entradaArchivos.value = "";
        errorSubida(subida.dataset.errorDemasiados);
        api.actualizarCompletitud();
        return;
      }
      errorSubida("");
      subidaPendiente = true;
      api.encolar(subir);
    });
  }

  function quitarDiagrama(item, boton) {
    var error = item.querySelector("[data-diagrama-error]");
    boton.disabled = true;
    api.encolar(function () {
      var datos = new FormData();
      datos.append("contador_cambios", campoLlamado("contador_cambios").value);
      return api.pedir(boton.dataset.quitarDiagrama, datos).then(
        function (r) {
          var j = r.json || {};
          if (r.estado === 200 && j.ok) {
            var siguiente = item.nextElementSibling || item.previousElementSibling;
            item.remove();
            api.aplicarOcultos(j.ocultos);
            avisoSubida(j.mensaje);
            renumerarDiagramas();
            var foco = siguiente ? siguiente.querySelector("input:not([type=hidden])") : null;
            (foco || entradaArchivos).focus();
            return;
          }
          boton.disabled = false;
          error.textContent = j.mensaje || textos.errorConexion;
          error.hidden = false;
        },
        function () {
          boton.disabled = false;
          error.textContent = textos.errorConexion;
          error.hidden = false;
        }
      );
    });
  }

  if (listaDiagramas) {
    listaDiagramas.addEventListener("click", function (evento) {
      var item = evento.target.closest("[data-diagrama]");
      var mover = evento.target.closest("[data-mover]");
      var quitar = evento.target.closest("[data-quitar-diagrama]");
      if (mover && item) {
        // Reordered in place; the autosave stores the new order.
        evento.preventDefault();
        var paso = parseInt(mover.dataset.mover, 10);
        var vecino = paso < 0 ? item.previousElementSibling : item.nextElementSibling;
        if (!vecino) {
          return;
        }
        if (paso < 0) {
          listaDiagramas.insertBefore(item, vecino);
        } else {
          listaDiagramas.insertBefore(vecino, item);
        }
        renumerarDiagramas();
        (mover.hidden ? item.querySelector("[data-mover]:not([hidden])") : mover).focus();
        api.cambio();
      } else if (quitar && item && quitar.dataset.quitarDiagrama) {
        evento.preventDefault();
        quitarDiagrama(item, quitar);
      }
    });
  }


  if (listaDiagramas) {
    listaDiagramas.querySelectorAll("[data-solo-sin-js]").forEach(function (el) {
      el.hidden = true;
    });
    renumerarDiagramas();
  }
  // A file chosen but not stored yet is unsaved work; it goes once a new report
  // exists, and again when the connection is back.
  api.pendientes.push(function () {
    return Boolean(entradaArchivos && entradaArchivos.files.length);
  });
  function reintentarSubida() {
    if (subidaPendiente && formulario.dataset.subirDiagramas) {
      api.encolar(subir);
    }
  }
  api.alGuardar.push(reintentarSubida);
  api.alReintentar.push(reintentarSubida);
})();
