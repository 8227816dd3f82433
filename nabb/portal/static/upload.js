// Drag and drop onto the upload area: highlight it, and send the sheet as soon as one is chosen.
(function () {
  var drop = document.getElementById("drop");
  if (!drop) { return; }
  var input = drop.querySelector("input[type=file]");
  ["dragenter", "dragover"].forEach(function (ev) {
    drop.addEventListener(ev, function (e) { e.preventDefault(); drop.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (ev) {
    drop.addEventListener(ev, function () { drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (e) {
    e.preventDefault();
    if (e.dataTransfer && e.dataTransfer.files.length) {
      input.files = e.dataTransfer.files;
      input.form.submit();
    }
  });
  input.addEventListener("change", function () { if (input.files.length) { input.form.submit(); } });
})();
