/* The report form's saving: one queue for every write of the page, the
 * autosave, the save status, and leaving the page (its guard and the form's
 * own post). formulario.js and diagramas.js build on what it shares in
 * window.InformesFormulario; comentarios.js asks it to save first.
 *
 * Every write the page makes (autosave, a diagram stored or removed) goes
 * through one queue, one at a time, so each carries the lock counter the
 * previous one returned. «Guardar borrador» and the form's other submit
 * buttons wait for that queue to empty, then post the form natively. The save
 * status says what is true: «Sin cambios», «Sin guardar», «Guardando…»,
 * «Guardado HH:MM» (the server's own words, only after it answered), «Sin
 * conexión: se reintentará», or the server's refusal.
 *
 * The answers' contract: ``ok`` and ``mensaje``; on success ``ocultos`` (the
 * form's hidden inputs to take) and ``recargar`` (reload the stored values once
 * nothing typed is waiting); a 409 ``{conflicto, url}`` stops autosaving and
 * links to where it is settled. Texts come from #textos-script, translated by
 * the server. */
(function () {
  "use strict";

  var formulario = document.getElementById("formulario-informe");
  if (!formulario) {
    return;
  }
  var textos = (document.getElementById("textos-script") || { dataset: {} }).dataset;
  var ESPERA_TECLEO = 1800; // autosave this long after typing stops
  var INTERVALO_AUTOGUARDADO = 30000;
  var ESPERA_REINTENTO_MAXIMA = 60000;
  var estadoGuardado = document.getElementById("estado-guardado");
  var enlaceConflicto = document.querySelector("[data-resolver-conflicto]");
  // What the other scripts of the page add: work still unsaved, what to do after
  // a save or when the connection is back.
  var pendientes = [];
  var alGuardar = [];
  var alReintentar = [];

  var estado = {
    sucio: formulario.dataset.sinGuardar === "1", // typed since the last confirmed save
    version: 0, // bumps on every edit, so a save in flight knows if it is stale
    guardando: false,
    reintento: "", // why the last attempt did not reach the server (retried)
    rechazo: "", // the server's refusal, until a save goes through
    detenido: formulario.dataset.bloqueado === "1", // conflict, expired session, refusal
    mensajeDetenido: "",
    guardadoEn: "", // the server's «Guardado HH:MM»
    enviando: false, // the form is being posted natively: the page is leaving
    recargar: false, // the server combined another save: reload once all is saved
    versionConflicto: -1, // the edit the server answered with a conflict
  };

  function token() {
    var campo = formulario.querySelector("input[name=csrfmiddlewaretoken]");
    return campo ? campo.value : "";
  }

  function campoLlamado(nombre) {
    return formulario.querySelector("[name='" + nombre + "']");
  }

  /* --- The save status ------------------------------------------------- */

  function mostrarEstado() {
    var texto = textos.sinCambios;
    var tipo = "";
    if (estado.mensajeDetenido) {
      texto = estado.mensajeDetenido;
      tipo = "error";
    } else if (estado.guardando) {
      texto = textos.guardando;
    } else if (estado.reintento) {
      texto = estado.reintento;
      tipo = "aviso";
    } else if (estado.rechazo) {
      texto = estado.rechazo;
      tipo = "error";
    } else if (estado.sucio) {
      texto = textos.sinGuardar;
      tipo = "aviso";
    } else if (estado.guardadoEn) {
      texto = estado.guardadoEn;
    }
    if (estadoGuardado && estadoGuardado.textContent !== texto) {
      estadoGuardado.textContent = texto;
    }
    if (estadoGuardado) {
      estadoGuardado.dataset.tipo = tipo;
    }
  }

  /* --- One queue for every write of the page ---------------------------- */

  var cola = Promise.resolve();
  var tareasEnCola = 0;

  function encolar(tarea) {
    tareasEnCola += 1;
    var hecha = cola.then(function () {
      return tarea();
    });
    cola = hecha
      .catch(function () {
        return null;
      })
      .then(function () {
        tareasEnCola -= 1;
      });
    return hecha;
  }

  function pedir(url, datos) {
    return fetch(url, {
      method: "POST",
      body: datos,
      headers: { "X-CSRFToken": token(), Accept: "application/json" },
      credentials: "same-origin",
    }).then(function (r) {
      return r.json().then(
        function (j) {
          return { estado: r.status, json: j };
        },
        function () {
          return { estado: r.status, json: null };
        }
      );
    });
  }

  function aplicarOcultos(ocultos) {
    Object.keys(ocultos || {}).forEach(function (nombre) {
      formulario.querySelectorAll("input[type=hidden]").forEach(function (campo) {
        if (campo.name === nombre) {
          campo.value = String(ocultos[nombre]);
        }
      });
    });
  }

  /* --- Autosave ---------------------------------------------------------- */

  var temporizador = null;
  var temporizadorReintento = null;
  var intentos = 0;
  var guardadoEnCola = false;

  function marcarCambio() {
    estado.sucio = true;
    estado.version += 1;
    mostrarEstado();
  }

  function programar(espera) {
    window.clearTimeout(temporizador);
    temporizador = window.setTimeout(solicitarGuardado, espera);
  }

  // Queue a save unless one is already waiting: it reads the form when it starts.
  function solicitarGuardado(forzar) {
    window.clearTimeout(temporizador);
    if (estado.detenido || estado.enviando || guardadoEnCola) {
      return cola;
    }
    if (!estado.sucio && forzar !== true) {
      return cola;
    }
    guardadoEnCola = true;
    return encolar(function () {
      guardadoEnCola = false;
      return guardar(forzar === true);
    });
  }

  function programarReintento() {
    window.clearTimeout(temporizadorReintento);
    var espera = Math.min(2000 * Math.pow(2, intentos), ESPERA_REINTENTO_MAXIMA);
    intentos += 1;
    temporizadorReintento = window.setTimeout(reintentar, espera);
  }

  function reintentar() {
    window.clearTimeout(temporizadorReintento);
    solicitarGuardado();
    alReintentar.forEach(function (hacer) {
      hacer();
    });
  }

  function sinLlegar(motivo) {
    estado.reintento = motivo;
    mostrarEstado();
    programarReintento();
  }

  function detener(mensaje, url) {
    estado.detenido = true;
    estado.mensajeDetenido = mensaje || textos.sinGuardar;
    window.clearTimeout(temporizador);
    window.clearTimeout(temporizadorReintento);
    if (url && enlaceConflicto) {
      enlaceConflicto.href = url;
      enlaceConflicto.hidden = false;
    }
    mostrarEstado();
  }

  function guardar(forzar) {
    // Once the form is being posted, its values go with it: no autosave is needed.
    if (estado.enviando || estado.detenido || (!estado.sucio && !forzar)) {
      return Promise.resolve(false);
    }
    if (navigator.onLine === false) {
      sinLlegar(textos.sinConexion);
      return Promise.resolve(false);
    }
    var datos = new FormData(formulario);
    ["archivos", "accion", "requisitos"].forEach(function (n) {
      datos.delete(n);
    });
    var enviada = estado.version;
    estado.guardando = true;
    mostrarEstado();
    return pedir(formulario.dataset.autoguardar, datos).then(
      function (r) {
        estado.guardando = false;
        return tratarGuardado(r, enviada);
      },
      function () {
        estado.guardando = false;
        sinLlegar(textos.sinConexion);
        return false;
      }
    );
  }

  function tratarGuardado(r, enviada) {
    var j = r.json || {};
    if (r.estado === 200 && j.ok) {
      intentos = 0;
      window.clearTimeout(temporizadorReintento);
      estado.reintento = "";
      estado.rechazo = "";
      aplicarOcultos(j.ocultos);
      if (j.urls) {
        informeCreado(j);
      }
      limpiarErrores();
      estado.guardadoEn = j.mensaje || "";
      if (estado.version === enviada) {
        estado.sucio = false;
      } else {
        programar(ESPERA_TECLEO); // typed meanwhile: that is not saved yet
      }
      estado.recargar = estado.recargar || j.recargar === true;
      mostrarEstado();
      recargarSiProcede();
      alGuardar.forEach(function (hacer) {
        hacer();
      });
      return true;
    }
    if (r.estado === 409 && j.conflicto) {
      estado.versionConflicto = enviada;
      detener(j.mensaje, j.url);
    } else if (r.estado === 400 && j.mensaje) {
      estado.rechazo = j.mensaje;
      mostrarErrores(j.errores || {});
      mostrarEstado();
    } else if ((r.estado === 401 || r.estado === 403 || r.estado === 404) && j.mensaje) {
      detener(j.mensaje);
    } else {
      // The server failed (5xx) or something between answered: nothing was stored.
      sinLlegar(textos.errorServidor);
    }
    return false;
  }

  // The server combined this save with another one: show what is stored now, but
  // only once nothing typed is waiting, so no keystroke is ever thrown away.
  function recargarSiProcede() {
    if (!estado.recargar || estado.sucio || estado.enviando || tareasEnCola > 1) {
      return;
    }
    if (algoPendiente()) {
      return;
    }
    var activo = document.activeElement;
    try {
      window.sessionStorage.setItem(
        "informes-foco:" + window.location.pathname,
        activo && activo.id ? activo.id : ""
      );
    } catch (error) {
      /* Private mode: the focus is simply not restored. */
    }
    estado.enviando = true;
    window.location.reload();
  }

  function algoPendiente() {
    return pendientes.some(function (hay) {
      return hay();
    });
  }

  function restaurarFoco() {
    var clave = "informes-foco:" + window.location.pathname;
    var id = null;
    try {
      id = window.sessionStorage.getItem(clave);
      window.sessionStorage.removeItem(clave);
    } catch (error) {
      return;
    }
    var elemento = id ? document.getElementById(id) : null;
    if (elemento) {
      elemento.focus();
    }
  }

  function informeCreado(j) {
    // The first autosave of a new report created it: edit it from now on.
    formulario.action = j.urls.accion;
    formulario.dataset.autoguardar = j.urls.autoguardar;
    formulario.dataset.vistaPrevia = j.urls.vista_previa;
    formulario.dataset.subirDiagramas = j.urls.subir_diagramas;
    window.history.replaceState(null, "", j.urls.accion);
    var titulo = document.querySelector("[data-titulo-informe]");
    if (titulo) {
      titulo.textContent = (titulo.dataset.prefijo || "") + j.titulo;
    }
    var partes = document.title.split(" · ");
    document.title = [(titulo ? titulo.textContent : j.titulo)].concat(partes.slice(-1)).join(" · ");
    var creado = document.querySelector("[data-informe-creado]");
    if (creado) {
      creado.hidden = false;
      var insignia = creado.querySelector("[data-estado-informe]");
      if (insignia) {
        insignia.textContent = j.estado || "";
      }
      var enlace = creado.querySelector("[data-ver-informe]");
      if (enlace) {
        enlace.href = j.urls.detalle;
      }
    }
  }

  /* --- Refusals beside their fields ------------------------------------ */

  var erroresMostrados = [];

  function limpiarErrores() {
    erroresMostrados.forEach(function (par) {
      par.error.remove();
      par.campo.removeAttribute("aria-invalid");
    });
    erroresMostrados = [];
    // What the server rendered with an earlier refusal is stale once a save went through.
    formulario.querySelectorAll(".invalid-feedback[id$='_error']").forEach(function (div) {
      if (!div.closest("[data-subida], [data-comentarios], template")) {
        div.remove();
      }
    });
    formulario.querySelectorAll("[aria-invalid=true]").forEach(function (campo) {
      if (!campo.closest("[data-subida]")) {
        campo.removeAttribute("aria-invalid");
      }
    });
    var resumen = document.getElementById("resumen-errores");
    if (resumen) {
      resumen.hidden = true;
    }
  }

  function mostrarErrores(errores) {
    limpiarErrores();
    Object.keys(errores).forEach(function (nombre) {
      var campo = nombre ? campoLlamado(nombre) : null;
      var grupo = nombre ? formulario.querySelector("[data-filas='" + nombre + "']") : null;
      var ancla = campo || grupo;
      if (!ancla || (campo && campo.type === "hidden")) {
        return;
      }
      var error = document.createElement("div");
      error.className = "invalid-feedback d-block";
      error.id = (campo ? campo.id : "filas-" + nombre) + "_error";
      error.textContent = errores[nombre].join(" ");
      if (campo) {
        campo.insertAdjacentElement("afterend", error);
        campo.setAttribute("aria-invalid", "true");
        var descrito = (campo.getAttribute("aria-describedby") || "").split(" ");
        if (descrito.indexOf(error.id) < 0) {
          campo.setAttribute("aria-describedby", descrito.concat(error.id).join(" ").trim());
        }
      } else {
        grupo.insertBefore(error, grupo.querySelector(".table-responsive"));
      }
      erroresMostrados.push({ error: error, campo: campo || grupo });
    });
  }

  // Leaving a section saves it at once.
  var seccionActual = null;
  formulario.addEventListener("focusin", function (evento) {
    var seccion = evento.target.closest("[data-seccion]");
    var nueva = seccion ? seccion.dataset.seccion : null;
    if (seccionActual && nueva && nueva !== seccionActual) {
      solicitarGuardado();
    }
    if (nueva) {
      seccionActual = nueva;
    }
  });

  document.addEventListener("keydown", function (evento) {
    var tecla = (evento.key || "").toLowerCase();
    if ((evento.ctrlKey || evento.metaKey) && !evento.altKey && tecla === "s") {
      evento.preventDefault();
      intentos = 0;
      window.clearTimeout(temporizadorReintento);
      solicitarGuardado();
      mostrarEstado();
    }
  });

  window.addEventListener("online", function () {
    intentos = 0;
    reintentar();
  });

  window.setInterval(function () {
    if (estado.sucio && !estado.reintento) {
      solicitarGuardado();
    }
  }, INTERVALO_AUTOGUARDADO);

  if (enlaceConflicto) {
    enlaceConflicto.addEventListener("click", function (evento) {
      // Until the server offers a page of its own, settling the conflict is the
      // form's own post: it shows the stored values beside the typed ones.
      var destino = new URL(enlaceConflicto.href, window.location.href);
      if (destino.pathname === new URL(formulario.action, window.location.href).pathname) {
        evento.preventDefault();
        enviarFormulario(formulario.querySelector("button[value=guardar]"));
        return;
      }
      // The server answered the conflict with what this page sent: leaving loses
      // nothing, unless something was typed after that save.
      if (estado.version === estado.versionConflicto) {
        estado.enviando = true;
      }
    });
  }

  /* --- Leaving the page -------------------------------------------------- */

  // Post the form now, with the pressed button's value: HTMLFormElement.submit
  // neither fires "submit" again nor can be refused, so this never gets lost.
  function enviarFormulario(boton) {
    estado.enviando = true;
    if (boton && boton.name) {
      var valor = document.createElement("input");
      valor.type = "hidden";
      valor.name = boton.name;
      valor.value = boton.value;
      formulario.appendChild(valor);
    }
    HTMLFormElement.prototype.submit.call(formulario);
  }

  formulario.addEventListener("submit", function (evento) {
    if (estado.enviando) {
      return;
    }
    estado.enviando = true; // no new write starts from here on
    window.clearTimeout(temporizador);
    window.clearTimeout(temporizadorReintento);
    if (tareasEnCola === 0) {
      return; // nothing in flight: the browser posts the form as it is
    }
    // A write is in flight (it may change the lock counter or, for a new report,
    // where the form posts): post the form once every queued write has answered.
    evento.preventDefault();
    var boton = evento.submitter;
    estado.guardando = true;
    mostrarEstado();
    cola.then(function () {
      enviarFormulario(boton);
    });
  });

  window.addEventListener("beforeunload", function (evento) {
    if (estado.enviando) {
      return;
    }
    if (estado.sucio || tareasEnCola > 0 || algoPendiente()) {
      evento.preventDefault();
      evento.returnValue = "";
    }
  });

  restaurarFoco();
  mostrarEstado();
  if (estado.sucio && !estado.detenido) {
    programar(ESPERA_TECLEO);
  }

  window.InformesFormulario = {
    formulario: formulario,
    textos: textos,
    estado: estado,
    token: token,
    campoLlamado: campoLlamado,
    pedir: pedir,
    encolar: encolar,
    aplicarOcultos: aplicarOcultos,
    guardar: guardar,
    detener: detener,
    programarReintento: programarReintento,
    pendientes: pendientes,
    alGuardar: alGuardar,
    alReintentar: alReintentar,
    // An edit of the report: unsaved until the autosave shortly after.
    cambio: function () {
      marcarCambio();
      programar(ESPERA_TECLEO);
    },
    // For comentarios.js: save what is typed before acting on a comment.
    guardarPendiente: function () {
      solicitarGuardado();
      return cola.then(function () {
        return !estado.sucio;
      });
    },
  };
})();
