// A stand-in for core/misc/drupal.js and drupalSettingsLoader.js, as far as the module's
// script uses them: drupalSettings read from the page's JSON, Drupal.t (translations from
// window.drupalTranslations, placeholders as Drupal.formatString) and Drupal.url. Every
// string given to Drupal.t is kept in Drupal.tCalls for the tests.
(() => {
  const json = document.querySelector('script[data-drupal-selector="drupal-settings-json"]');
  window.drupalSettings = JSON.parse(json.textContent);
  const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const Drupal = {
    tCalls: [],
    formatString(text, args) {
      let out = text;
      for (const [key, value] of Object.entries(args)) {
        const safe = key[0] === '!' ? value : escape(value);
        out = out.split(key).join(key[0] === '%' ? `<em class="placeholder">${safe}</em>` : safe);
      }
      return out;
    },
    t(text, args, options) {
      Drupal.tCalls.push(text);
      const context = options?.context ?? '';
      const strings = window.drupalTranslations?.strings?.[context];
      const translated = strings?.[text] ?? text;
      return args ? Drupal.formatString(translated, args) : translated;
    },
    url(path) {
      return drupalSettings.path.baseUrl + drupalSettings.path.pathPrefix + path;
    },
  };
  window.Drupal = Drupal;
})();
