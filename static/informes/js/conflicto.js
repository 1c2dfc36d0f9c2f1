/* The conflict page: typing in a conflict's box chooses «Usar el recuadro» for
 * that conflict. The page works the same without this script. */
(function () {
  "use strict";

  document.querySelectorAll("fieldset.conflicto").forEach(function (grupo) {
    var editado = grupo.querySelector("input[type=radio][value=editado]");
    grupo.querySelectorAll("[data-recuadro] input, [data-recuadro] textarea").forEach(function (caja) {
      caja.addEventListener("input", function () {
        if (editado) {
          editado.checked = true;
        }
      });
    });
  });
})();
