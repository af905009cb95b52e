// What locale's JavaScript translation file gives a German site: a few of the module's strings.
window.drupalTranslations = {
  strings: {
    '': {
      Run: 'Ausführen',
      Complete: 'Abgeschlossen',
      Running: 'Läuft',
      Starting: 'Startet',
      Queued: 'In der Warteschlange',
      Cancel: 'Abbrechen',
    },
  },
};
