// The /verify page's scanner: the phone's camera (or a photo) → jsQR → the credential, posted through the page's own
// form so the server gives the same report as the paste path. Also opens a link carrying a credential in its fragment
// (/verify#credential=eyJ…: a fragment never reaches the server or its logs). Plain script, no build step; loaded
// only on /verify, after /assets/jsqr.js (which defines the global jsQR).
(() => {
  const section = document.getElementById("scan");
  const form = document.getElementById("verify-form");
  const field = document.getElementById("credential");
  if (!section || !form || !field) return;
  const status = document.getElementById("scan-status");
  const video = document.getElementById("scan-video");
  const button = document.getElementById("scan-camera");
  const photo = document.getElementById("scan-photo");
  const say = (text) => {
    status.textContent = text;
  };

  /** A read QR code: a link to this service's verify page is opened; anything else is checked as a credential. */
  const found = (data) => {
    say(section.dataset.found);
    stop();
    if (/^https?:\/\/[^\s]+\/verify\?id=[0-9a-f-]{36}$/.test(data)) {
      window.location.assign(data);
      return;
    }
    field.value = data.trim();
    form.submit();
  };

  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  /** Reads a QR code from anything drawable (a video frame, a decoded photo). */
  const read = (source, width, height) => {
    // Large photos are scaled down: jsQR's time grows with the pixels, and a QR code needs far fewer.
    const scale = Math.min(1, 1280 / Math.max(width, height));
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    context.drawImage(source, 0, 0, canvas.width, canvas.height);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    return window.jsQR(image.data, image.width, image.height, { inversionAttempts: "attemptBoth" });
  };

  let stream = null;
  const stop = () => {
    if (stream) for (const track of stream.getTracks()) track.stop();
    stream = null;
    video.hidden = true;
    button.textContent = section.dataset.start;
  };
  const tick = () => {
    if (!stream) return;
    if (video.readyState >= 2 && video.videoWidth > 0) {
      const code = read(video, video.videoWidth, video.videoHeight);
      if (code?.data) return found(code.data);
    }
    setTimeout(tick, 150);
  };
  button.addEventListener("click", async () => {
    if (stream) return stop();
    if (!navigator.mediaDevices?.getUserMedia) return say(section.dataset.noCamera);
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    } catch {
      return say(section.dataset.noCamera);
    }
    video.srcObject = stream;
    video.hidden = false;
    button.textContent = section.dataset.stop;
    say(section.dataset.looking);
    await video.play().catch(() => {});
    tick();
  });

  photo.addEventListener("change", async () => {
    const file = photo.files?.[0];
    if (!file) return;
    say(section.dataset.looking);
    try {
      const bitmap = await createImageBitmap(file);
      const code = read(bitmap, bitmap.width, bitmap.height);
      if (code?.data) return found(code.data);
    } catch {
      // not an image the browser can decode: said below like a picture without a code
    }
    say(section.dataset.none);
  });

  section.hidden = false;
  for (const print of document.querySelectorAll("[data-print]")) {
    print.hidden = false;
    print.addEventListener("click", () => window.print());
  }
  const carried = new URLSearchParams(window.location.hash.slice(1)).get("credential");
  if (carried && !document.querySelector("[data-testid=verify-result]")) {
    history.replaceState(null, "", window.location.pathname + window.location.search);
    field.value = carried;
    form.submit();
  }
})();
