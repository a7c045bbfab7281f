// The shop's analytics stub (gtag without gtag.js: nothing is sent anywhere). Loaded as a file
// rather than inline so the demo runs under a strict Content-Security-Policy.
window.dataLayer = window.dataLayer || [];
window.gtag = function gtag() {
  window.dataLayer.push(arguments);
};
