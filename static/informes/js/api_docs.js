// The API docs page: Swagger UI over /api/v1/openapi.json, from a static file (no inline
// script, so the CSP stays strict). Writes from the page carry the session's CSRF token;
// «Authorize» takes a personal access token instead.
"use strict";
(function () {
  const raiz = document.getElementById("swagger-ui");
  const csrf = raiz.dataset.csrf;
  window.ui = SwaggerUIBundle({
    url: raiz.dataset.esquema,
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    persistAuthorization: false,
    requestInterceptor: function (peticion) {
      if (peticion.method && peticion.method !== "GET" && csrf) {
        peticion.headers["X-CSRFToken"] = csrf;
      }
      return peticion;
    },
  });
})();
