<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>BusyState</name>
    <message>
        <location filename="../app/studio/job_bridge.cpp" line="60"/>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <location filename="../app/studio/job_bridge.cpp" line="62"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>ChatPage</name>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="19"/>
        <source>Completion</source>
        <translation>Vervollständigung</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="19"/>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="20"/>
        <source>No model open.</source>
        <translation>Kein Modell geöffnet.</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="22"/>
        <source>New Chat</source>
        <translation>Neuer Chat</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="24"/>
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="35"/>
        <location filename="../app/studio/chat_page.cpp" line="108"/>
        <source>Prompt (empty: start from the beginning-of-text token)</source>
        <translation>Prompt (leer: ab dem Textanfangs-Token beginnen)</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="51"/>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="69"/>
        <source>Temperature</source>
        <translation>Temperatur</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="71"/>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="73"/>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="75"/>
        <source>Repetition penalty</source>
        <translation>Wiederholungsstrafe</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="77"/>
        <source>Max tokens</source>
        <translation>Max. Tokens</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="79"/>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="84"/>
        <location filename="../app/studio/chat_page.cpp" line="106"/>
        <source>&amp;Generate</source>
        <translation>&amp;Generieren</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="88"/>
        <source>&amp;Stop</source>
        <translation>&amp;Stopp</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="106"/>
        <source>&amp;Send</source>
        <translation>&amp;Senden</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="107"/>
        <source>Your message</source>
        <translation>Ihre Nachricht</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="113"/>
        <source>%1 (%2; chat template: %3)</source>
        <translation>%1 (%2; Chat-Vorlage: %3)</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="115"/>
        <source>float</source>
        <translation>Gleitkomma</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="125"/>
        <source>%1 tokens, %2 tokens/s (stopped: %3)</source>
        <translation>%1 Tokens, %2 Tokens/s (beendet: %3)</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="148"/>
        <source>Generating</source>
        <translation>Generiere</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="155"/>
        <source>You: %1</source>
        <translation>Sie: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="155"/>
        <source>Model: </source>
        <translation>Modell: </translation>
    </message>
</context>
<context>
    <name>ComparePage</name>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="67"/>
        <source>Methods</source>
        <translation>Methoden</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="69"/>
        <source>Full precision</source>
        <translation>Volle Genauigkeit</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="81"/>
        <source>RTN and OPTQ bits</source>
        <translation>Bits für RTN und OPTQ</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="84"/>
        <source>OWQ target bits</source>
        <translation>OWQ-Zielbits</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="87"/>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="89"/>
        <source>Calibration Text</source>
        <translation>Kalibrierungstext</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="91"/>
        <source>Evaluation Text</source>
        <translation>Evaluierungstext</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="93"/>
        <source>Calibration file</source>
        <translation>Kalibrierungsdatei</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="94"/>
        <source>Evaluation file</source>
        <translation>Evaluierungsdatei</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="99"/>
        <source>Samples</source>
        <translation>Stichproben</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="103"/>
        <location filename="../app/studio/compare_page.cpp" line="108"/>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="104"/>
        <source>Sequence length</source>
        <translation>Sequenzlänge</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="109"/>
        <source>Evaluation sequence length</source>
        <translation>Sequenzlänge der Evaluierung</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="110"/>
        <source>Show cached results when the settings match</source>
        <translation>Zwischengespeicherte Ergebnisse zeigen, wenn die Einstellungen passen</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="116"/>
        <source>&amp;Compare</source>
        <translation>&amp;Vergleichen</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="119"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="126"/>
        <source>Copy as CSV</source>
        <translation>Als CSV kopieren</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="127"/>
        <source>Copy as Markdown</source>
        <translation>Als Markdown kopieren</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="131"/>
        <source>Open a model to compare methods on it.</source>
        <translation>Öffnen Sie ein Modell, um Methoden darauf zu vergleichen.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="140"/>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="140"/>
        <source>Bits</source>
        <translation>Bits</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="140"/>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="140"/>
        <source>Bits/weight</source>
        <translation>Bits/Gewicht</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="141"/>
        <source>Weak columns</source>
        <translation>Schwache Spalten</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="141"/>
        <location filename="../app/studio/compare_page.cpp" line="302"/>
        <source>Perplexity</source>
        <translation>Perplexität</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="141"/>
        <source>Seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="163"/>
        <source>Ready to compare methods on %1.</source>
        <translation>Bereit, Methoden auf %1 zu vergleichen.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="164"/>
        <source>%1 is already quantized; compare starts from a float checkpoint.</source>
        <translation>%1 ist bereits quantisiert; der Vergleich beginnt mit einem Gleitkomma-Checkpoint.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="171"/>
        <source>%1 (%2 of %3 rows): %4</source>
        <translation>%1 (%2 von %3 Zeilen): %4</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="181"/>
        <source>Finished: %1 rows.</source>
        <translation>Fertig: %1 Zeilen.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="183"/>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="183"/>
        <source>Failed.</source>
        <translation>Fehlgeschlagen.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="208"/>
        <source>Choose a calibration file and an evaluation file first.</source>
        <translation>Wählen Sie zuerst eine Kalibrierungs- und eine Evaluierungsdatei.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="226"/>
        <source>OWQ target bits must be numbers like 3.1, 4.1 (got &apos;%1&apos;).</source>
        <translation>OWQ-Zielbits müssen Zahlen wie 3.1, 4.1 sein (erhalten: „%1“).</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="243"/>
        <source>Cached results (%1 rows); untick the cache option to run again.</source>
        <translation>Zwischengespeicherte Ergebnisse (%1 Zeilen); deaktivieren Sie die Cache-Option, um erneut zu rechnen.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="246"/>
        <source>Comparing methods on %1</source>
        <translation>Vergleiche Methoden auf %1</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="249"/>
        <source>Running...</source>
        <translation>Läuft...</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="285"/>
        <source>full precision: %1</source>
        <translation>volle Genauigkeit: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="301"/>
        <source>Bits per weight</source>
        <translation>Bits pro Gewicht</translation>
    </message>
</context>
<context>
    <name>CompareService</name>
    <message>
        <location filename="../app/studio/compare_service.cpp" line="11"/>
        <source>Comparing methods on %1</source>
        <translation>Vergleiche Methoden auf %1</translation>
    </message>
</context>
<context>
    <name>ExportPage</name>
    <message>
        <location filename="../app/studio/export_page.cpp" line="24"/>
        <source>Export the quantized model</source>
        <translation>Quantisiertes Modell exportieren</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="31"/>
        <source>OWQ packed (owq-studio, owq; docs/FORMAT.md)</source>
        <translation>OWQ gepackt (owq-studio, owq; docs/FORMAT.md)</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="33"/>
        <source>Fake-quantized float32 (any Hugging Face loader)</source>
        <translation>Simuliert quantisiertes float32 (jeder Hugging-Face-Loader)</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="35"/>
        <source>Hugging Face float16 (dequantized)</source>
        <translation>Hugging Face float16 (dequantisiert)</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="37"/>
        <source>GPTQ checkpoint + LoRA adapter for the weak columns</source>
        <translation>GPTQ-Checkpoint + LoRA-Adapter für die schwachen Spalten</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="42"/>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="43"/>
        <source>Export Folder</source>
        <translation>Exportordner</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="45"/>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="47"/>
        <source>The folder must be new or empty; an existing folder is replaced only after you confirm. A model card (README.md) and owq_diagnostics.json are written with the model.</source>
        <translation>Der Ordner muss neu oder leer sein; ein vorhandener Ordner wird nur nach Ihrer Bestätigung ersetzt. Eine Modellkarte (README.md) und owq_diagnostics.json werden mit dem Modell geschrieben.</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="55"/>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="57"/>
        <source>Open the Export in the Model Page</source>
        <translation>Export auf der Modellseite öffnen</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="88"/>
        <source>Wrote %1 (%2, %3)</source>
        <translation>%1 geschrieben (%2, %3)</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="100"/>
        <source>A quantized model is ready to export.</source>
        <translation>Ein quantisiertes Modell ist bereit zum Export.</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="101"/>
        <source>Nothing to export yet: quantize a model on the Quantize page first.</source>
        <translation>Noch nichts zu exportieren: Quantisieren Sie zuerst ein Modell auf der Seite „Quantisieren“.</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="108"/>
        <location filename="../app/studio/export_page.cpp" line="113"/>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="108"/>
        <source>Choose an export folder first.</source>
        <translation>Wählen Sie zuerst einen Exportordner.</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="113"/>
        <source>%1 is a file, not a folder.</source>
        <translation>%1 ist eine Datei, kein Ordner.</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="118"/>
        <source>Replace Folder?</source>
        <translation>Ordner ersetzen?</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="119"/>
        <source>%1 already exists and is not empty. Replace its contents with the export?</source>
        <translation>%1 existiert bereits und ist nicht leer. Inhalt durch den Export ersetzen?</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="124"/>
        <source>Exporting to %1</source>
        <translation>Exportiere nach %1</translation>
    </message>
</context>
<context>
    <name>InspectPage</name>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="37"/>
        <source>Error before (RTN)</source>
        <translation>Fehler vorher (RTN)</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="37"/>
        <source>Error after</source>
        <translation>Fehler nachher</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="37"/>
        <source>Error reduction (before / after)</source>
        <translation>Fehlerreduktion (vorher / nachher)</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="38"/>
        <source>Weak columns</source>
        <translation>Schwache Spalten</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="38"/>
        <source>Bits per weight</source>
        <translation>Bits pro Gewicht</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="39"/>
        <location filename="../app/studio/inspect_page.cpp" line="65"/>
        <source>Log scale</source>
        <translation>Logarithmische Skala</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="41"/>
        <source>Save Chart...</source>
        <translation>Diagramm speichern...</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="42"/>
        <source>Per linear</source>
        <translation>Pro Linearschicht</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="64"/>
        <source>Natural order</source>
        <translation>Natürliche Reihenfolge</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="64"/>
        <source>Sorted by H diagonal</source>
        <translation>Nach H-Diagonale sortiert</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="67"/>
        <source>Save Plot...</source>
        <translation>Plot speichern...</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="68"/>
        <source>Linear</source>
        <translation>Linearschicht</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="74"/>
        <location filename="../app/studio/inspect_page.cpp" line="119"/>
        <source>Quantize a model to inspect it.</source>
        <translation>Quantisieren Sie ein Modell, um es zu untersuchen.</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="191"/>
        <source>layer %1</source>
        <translation>Schicht %1</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="216"/>
        <source>%1: %2 x %3, %4 weak columns, %5 bits/weight, error %6 -&gt; %7</source>
        <translation>%1: %2 x %3, %4 schwache Spalten, %5 Bits/Gewicht, Fehler %6 -&gt; %7</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="268"/>
        <location filename="../app/studio/inspect_page.cpp" line="280"/>
        <source>H diagonal</source>
        <translation>H-Diagonale</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="274"/>
        <source>Weak columns (fp16)</source>
        <translation>Schwache Spalten (fp16)</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="279"/>
        <source>Rank by H diagonal</source>
        <translation>Rang nach H-Diagonale</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="279"/>
        <source>Input column</source>
        <translation>Eingabespalte</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="307"/>
        <source>column %1: H diagonal %2</source>
        <translation>Spalte %1: H-Diagonale %2</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="308"/>
        <source> (weak, kept in fp16)</source>
        <translation> (schwach, in fp16 behalten)</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="325"/>
        <source>Save Plot</source>
        <translation>Plot speichern</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="326"/>
        <source>PNG image (*.png);;PDF document (*.pdf)</source>
        <translation>PNG-Bild (*.png);;PDF-Dokument (*.pdf)</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="332"/>
        <source>Could not write %1</source>
        <translation>%1 konnte nicht geschrieben werden</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="334"/>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../app/studio/main_window.cpp" line="42"/>
        <location filename="../app/studio/main_window.cpp" line="114"/>
        <source>OWQ Studio</source>
        <translation>OWQ Studio</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="77"/>
        <source>Quantize</source>
        <translation>Quantisieren</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="77"/>
        <source>Inspect</source>
        <translation>Untersuchen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="78"/>
        <source>Compare</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="78"/>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="78"/>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="84"/>
        <source>%1 (Ctrl+%2)</source>
        <translation>%1 (Strg+%2)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="98"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="132"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="133"/>
        <source>&amp;Open Model Folder...</source>
        <translation>Modell&amp;ordner öffnen...</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="135"/>
        <source>Open &amp;Demo Model</source>
        <translation>&amp;Demomodell öffnen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="137"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="140"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="146"/>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="149"/>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="161"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="162"/>
        <source>The language changes when OWQ Studio restarts.</source>
        <translation>Die Sprache ändert sich beim nächsten Start von OWQ Studio.</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="166"/>
        <source>&amp;Job</source>
        <translation>&amp;Auftrag</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="167"/>
        <source>&amp;Cancel Running Job</source>
        <translation>Laufenden Auftrag &amp;abbrechen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="77"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="101"/>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
</context>
<context>
    <name>ModelPage</name>
    <message>
        <location filename="../app/studio/model_page.cpp" line="23"/>
        <source>Open Model Folder...</source>
        <translation>Modellordner öffnen...</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="25"/>
        <source>Open Demo Model</source>
        <translation>Demomodell öffnen</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="29"/>
        <source>Recent models (double-click to open)</source>
        <translation>Zuletzt verwendete Modelle (Doppelklick zum Öffnen)</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="36"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="39"/>
        <source>Open a model folder (File &gt; Open, or drop it here), or the demo model. Packed OWQ folders open too.</source>
        <translation>Öffnen Sie einen Modellordner (Datei &gt; Öffnen oder hierher ziehen) oder das Demomodell. Gepackte OWQ-Ordner lassen sich ebenfalls öffnen.</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="56"/>
        <source>Loaded %1 in %2 s</source>
        <translation>%1 in %2 s geladen</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="85"/>
        <source>Open Model Folder</source>
        <translation>Modellordner öffnen</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="91"/>
        <source>Loading %1</source>
        <translation>Lade %1</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="103"/>
        <source>Building the demo model (about two minutes)</source>
        <translation>Erstelle das Demomodell (etwa zwei Minuten)</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="117"/>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="118"/>
        <source>Architecture</source>
        <translation>Architektur</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="119"/>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="120"/>
        <source>Layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="121"/>
        <source>Hidden size</source>
        <translation>Verborgene Größe</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="122"/>
        <source>Heads (KV heads)</source>
        <translation>Köpfe (KV-Köpfe)</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="123"/>
        <source>Vocabulary</source>
        <translation>Vokabular</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="124"/>
        <source>Context</source>
        <translation>Kontext</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="125"/>
        <source>Weights</source>
        <translation>Gewichte</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="126"/>
        <source>%1, %2 on disk</source>
        <translation>%1, %2 auf der Festplatte</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="127"/>
        <source>Quantization</source>
        <translation>Quantisierung</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="127"/>
        <source>none (float)</source>
        <translation>keine (Gleitkomma)</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="128"/>
        <source>Memory estimate</source>
        <translation>Geschätzter Speicher</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="129"/>
        <source>Tokenizer</source>
        <translation>Tokenizer</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="130"/>
        <source>Chat template</source>
        <translation>Chat-Vorlage</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="148"/>
        <source>Embeddings</source>
        <translation>Einbettungen</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="148"/>
        <source>Embeddings + head</source>
        <translation>Einbettungen + Kopf</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="149"/>
        <source>Attention</source>
        <translation>Attention</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="150"/>
        <source>MLP</source>
        <translation>MLP</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="153"/>
        <source>Parameters (millions)</source>
        <translation>Parameter (Millionen)</translation>
    </message>
</context>
<context>
    <name>ModelService</name>
    <message>
        <location filename="../app/studio/model_service.cpp" line="19"/>
        <source>Loading %1</source>
        <translation>%1 wird geladen</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="45"/>
        <source>%1 %2-bit, %3, %4 bits/weight</source>
        <translation>%1 %2-Bit, %3, %4 Bits/Gewicht</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="48"/>
        <source>packed</source>
        <translation>gepackt</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="48"/>
        <source>fake-quantized</source>
        <translation>simuliert quantisiert</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="63"/>
        <source>Building the demo model in %1</source>
        <translation>Demomodell wird in %1 erstellt</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="76"/>
        <source>Open a model first.</source>
        <translation>Öffnen Sie zuerst ein Modell.</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="74"/>
        <source>Generating</source>
        <translation>Generierung läuft</translation>
    </message>
</context>
<context>
    <name>PathEdit</name>
    <message>
        <location filename="../app/studio/path_edit.cpp" line="14"/>
        <source>Browse...</source>
        <translation>Durchsuchen...</translation>
    </message>
</context>
<context>
    <name>QuantService</name>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="45"/>
        <source>Quantizing %1</source>
        <translation>Quantisiere %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="47"/>
        <source>Recipe: %1</source>
        <translation>Rezept: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="54"/>
        <source>Done: %1 bits/weight, %2 weak columns, %3 calibration tokens, %4 s</source>
        <translation>Fertig: %1 Bits/Gewicht, %2 schwache Spalten, %3 Kalibrierungstokens, %4 s</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="103"/>
        <source>Exporting to %1</source>
        <translation>Exportiere nach %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="105"/>
        <source>Quantize a model first.</source>
        <translation>Quantisieren Sie zuerst ein Modell.</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="110"/>
        <source>%1 already exists and is not empty</source>
        <translation>%1 existiert bereits und ist nicht leer</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="144"/>
        <source>Unknown export format %1</source>
        <translation>Unbekanntes Exportformat %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="146"/>
        <source>Cannot replace %1</source>
        <translation>%1 kann nicht ersetzt werden</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="150"/>
        <source>Cannot move %1 to %2</source>
        <translation>%1 kann nicht nach %2 verschoben werden</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="151"/>
        <source>Exported %1 to %2</source>
        <translation>%1 nach %2 exportiert</translation>
    </message>
</context>
<context>
    <name>QuantizePage</name>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="43"/>
        <source>Method and bit budget</source>
        <translation>Methode und Bit-Budget</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="47"/>
        <source>Custom</source>
        <translation>Benutzerdefiniert</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="47"/>
        <source>OWQ 3.01 bits (paper)</source>
        <translation>OWQ 3,01 Bits (Paper)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="47"/>
        <source>OWQ 4.01 bits (paper)</source>
        <translation>OWQ 4,01 Bits (Paper)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="48"/>
        <source>Preset</source>
        <translation>Voreinstellung</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="51"/>
        <source>OWQ (weak columns in fp16)</source>
        <translation>OWQ (schwache Spalten in fp16)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="52"/>
        <source>OPTQ / GPTQ</source>
        <translation>OPTQ / GPTQ</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="53"/>
        <source>RTN (round to nearest)</source>
        <translation>RTN (auf Nächstes runden)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="54"/>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="59"/>
        <source>Base bits</source>
        <translation>Basisbits</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="62"/>
        <location filename="../app/studio/quantize_page.cpp" line="73"/>
        <source>Target bits</source>
        <translation>Zielbits</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="62"/>
        <source>Weak columns per linear</source>
        <translation>Schwache Spalten pro Linearschicht</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="63"/>
        <source>Budget</source>
        <translation>Budget</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="77"/>
        <location filename="../app/studio/quantize_page.cpp" line="84"/>
        <source>Weak columns</source>
        <translation>Schwache Spalten</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="80"/>
        <source>Plan (before running)</source>
        <translation>Plan (vor dem Start)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="84"/>
        <source>Linear</source>
        <translation>Linearschicht</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="84"/>
        <source>Input features</source>
        <translation>Eingabemerkmale</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="89"/>
        <source>Open a model to see the plan.</source>
        <translation>Öffnen Sie ein Modell, um den Plan zu sehen.</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="95"/>
        <source>Quantizer and calibration</source>
        <translation>Quantisierer und Kalibrierung</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="101"/>
        <source>per output channel</source>
        <translation>pro Ausgabekanal</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="102"/>
        <source>Group size</source>
        <translation>Gruppengröße</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="103"/>
        <source>Process columns by decreasing Hessian diagonal</source>
        <translation>Spalten nach absteigender Hesse-Diagonale verarbeiten</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="105"/>
        <source>Act-order</source>
        <translation>Act-Order</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="108"/>
        <source>MSE grid search</source>
        <translation>MSE-Gittersuche</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="108"/>
        <source>Min-max</source>
        <translation>Min-Max</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="109"/>
        <source>Scale search</source>
        <translation>Skalensuche</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="110"/>
        <source>Calibration Text</source>
        <translation>Kalibrierungstext</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="112"/>
        <source>Calibration file</source>
        <translation>Kalibrierungsdatei</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="117"/>
        <source>Samples</source>
        <translation>Stichproben</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="121"/>
        <source>default: min(2048, context)</source>
        <translation>Standard: min(2048, Kontext)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="122"/>
        <source>Sequence length</source>
        <translation>Sequenzlänge</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="126"/>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="132"/>
        <source>&amp;Quantize</source>
        <translation>&amp;Quantisieren</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="135"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="142"/>
        <source>Idle</source>
        <translation>Untätig</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="145"/>
        <source>Decoder layer</source>
        <translation>Decoder-Schicht</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="150"/>
        <source>Overall</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="199"/>
        <source>Quantized: %1 bits/weight achieved, %2 weak columns in all, %3 s. See Inspect and Export.</source>
        <translation>Quantisiert: %1 Bits/Gewicht erreicht, insgesamt %2 schwache Spalten, %3 s. Siehe „Untersuchen“ und „Export“.</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="212"/>
        <source>Finished in %1</source>
        <translation>Fertig in %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="218"/>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="218"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="220"/>
        <source>Cancelled; no quantized model is kept.</source>
        <translation>Abgebrochen; es wird kein quantisiertes Modell behalten.</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="220"/>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="287"/>
        <source>%1 is already quantized; open a float checkpoint to quantize it.</source>
        <translation>%1 ist bereits quantisiert; öffnen Sie zum Quantisieren einen Gleitkomma-Checkpoint.</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="317"/>
        <source>%1 weak columns in all (%2 layers); %3 bits per weight achieved (storage of the decoder linears, scales and weak columns included)</source>
        <translation>Insgesamt %1 schwache Spalten (%2 Schichten); %3 Bits pro Gewicht erreicht (Speicher der Decoder-Linearschichten, Skalen und schwache Spalten inbegriffen)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="327"/>
        <source>Choose a calibration text file first.</source>
        <translation>Wählen Sie zuerst eine Kalibrierungstextdatei.</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="330"/>
        <source>Quantizing %1</source>
        <translation>Quantisiere %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="370"/>
        <source>Stage: %1</source>
        <translation>Phase: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="393"/>
        <source>Elapsed %1</source>
        <translation>Vergangen %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="396"/>
        <source>, about %1 remaining</source>
        <translation>, noch etwa %1</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/studio/main.cpp" line="43"/>
        <source>OWQ Studio: quantize, inspect and chat with LLaMA-family models</source>
        <translation>OWQ Studio: Modelle der LLaMA-Familie quantisieren, untersuchen und mit ihnen chatten</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="46"/>
        <source>Model folder to open</source>
        <translation>Zu öffnender Modellordner</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="48"/>
        <source>Open the demo model (built on first use)</source>
        <translation>Demomodell öffnen (wird bei der ersten Verwendung erstellt)</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="50"/>
        <source>Render the window to FILE (PNG) once idle, then exit</source>
        <translation>Das Fenster im Leerlauf einmal nach FILE (PNG) rendern, dann beenden</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="54"/>
        <source>Show page NAME: model, quantize, inspect, compare, chat, export</source>
        <translation>Seite NAME zeigen: model, quantize, inspect, compare, chat, export</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="57"/>
        <source>After opening, quantize with the calibration text FILE</source>
        <translation>Nach dem Öffnen mit dem Kalibrierungstext FILE quantisieren</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="60"/>
        <source>Calibration windows for --quantize</source>
        <translation>Kalibrierungsfenster für --quantize</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="61"/>
        <source>Tokens per window for --quantize</source>
        <translation>Tokens pro Fenster für --quantize</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="64"/>
        <source>After opening, compare methods on CALIB,EVAL text files</source>
        <translation>Nach dem Öffnen Methoden mit den Textdateien CALIB,EVAL vergleichen</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="66"/>
        <source>After opening, complete PROMPT</source>
        <translation>Nach dem Öffnen PROMPT vervollständigen</translation>
    </message>
</context>
</TS>
