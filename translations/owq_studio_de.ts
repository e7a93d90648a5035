<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AllocationChoice</name>
    <message>
        <location filename="../app/studio/allocation_choice.cpp" line="14"/>
        <source>Reference rule (same count per linear type)</source>
        <translation>Referenzregel (gleiche Anzahl je Linearschicht-Typ)</translation>
    </message>
    <message>
        <location filename="../app/studio/allocation_choice.cpp" line="17"/>
        <source>Sensitivity (same bits, where they help most)</source>
        <translation>Sensitivität (gleiche Bits, dort wo sie am meisten helfen)</translation>
    </message>
    <message>
        <location filename="../app/studio/allocation_choice.cpp" line="19"/>
        <source>Sensitivity, and 2, 3 or 4 base bits per linear (mixed precision)</source>
        <translation>Sensitivität, dazu 2, 3 oder 4 Basis-Bits je Linearschicht (gemischte Präzision)</translation>
    </message>
</context>
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
        <location filename="../app/studio/chat_page.cpp" line="40"/>
        <source>Completion</source>
        <translation>Vervollständigung</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="40"/>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="41"/>
        <source>No model open.</source>
        <translation>Kein Modell geöffnet.</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="43"/>
        <source>Side by side with the quantized model</source>
        <translation>Nebeneinander mit dem quantisierten Modell</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="45"/>
        <source>New Chat</source>
        <translation>Neuer Chat</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="47"/>
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="58"/>
        <source>Full precision</source>
        <translation>Volle Genauigkeit</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="72"/>
        <location filename="../app/studio/chat_page.cpp" line="164"/>
        <source>Prompt (empty: start from the beginning-of-text token)</source>
        <translation>Prompt (leer: ab dem Textanfangs-Token beginnen)</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="88"/>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="106"/>
        <source>8-bit activations</source>
        <translation>8-Bit-Aktivierungen</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="113"/>
        <source>Packed models: round activations to 8 bits per 128 columns (as llama.cpp does) instead of 15, for a faster decode whose outputs differ a little more from the float model&apos;s</source>
        <translation>Gepackte Modelle: Aktivierungen auf 8 Bit je 128 Spalten runden (wie llama.cpp) statt auf 15, für eine schnellere Dekodierung, deren Ausgaben etwas stärker von denen des Float-Modells abweichen</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="115"/>
        <source>Needs a CPU with AVX-512 VNNI and VBMI (the avx512vnni kernels); this one runs %1</source>
        <translation>Braucht eine CPU mit AVX-512 VNNI und VBMI (die avx512vnni-Kernel); diese nutzt %1</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="117"/>
        <source>16-bit KV cache</source>
        <translation>16-Bit-KV-Cache</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="119"/>
        <source>Keep past keys and values in bfloat16: half the memory, and a faster decode at long contexts; each value rounded to 8 significant bits</source>
        <translation>Vergangene Schlüssel und Werte in bfloat16 halten: halber Speicher und schnelleres Dekodieren bei langen Kontexten; jeder Wert auf 8 signifikante Bits gerundet</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="121"/>
        <source>Temperature</source>
        <translation>Temperatur</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="123"/>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="125"/>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="127"/>
        <source>Repetition penalty</source>
        <translation>Wiederholungsstrafe</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="129"/>
        <source>Max tokens</source>
        <translation>Max. Tokens</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="131"/>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="138"/>
        <location filename="../app/studio/chat_page.cpp" line="162"/>
        <source>&amp;Generate</source>
        <translation>&amp;Generieren</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="140"/>
        <source>Answer the prompt</source>
        <translation>Die Eingabe beantworten</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="142"/>
        <source>&amp;Stop</source>
        <translation>&amp;Stopp</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="162"/>
        <source>&amp;Send</source>
        <translation>&amp;Senden</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="163"/>
        <source>Your message</source>
        <translation>Ihre Nachricht</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="172"/>
        <source>%1 (%2; chat template: %3)</source>
        <translation>%1 (%2; Chat-Vorlage: %3)</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="173"/>
        <source>float</source>
        <translation>Gleitkomma</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="175"/>
        <source>%1, the model&apos;s own cannot be used</source>
        <translation>%1, die eigene Vorlage des Modells ist nicht nutzbar</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="183"/>
        <source>Quantized: %1 %2-bit, %3 bits/weight</source>
        <translation>Quantisiert: %1 %2 Bit, %3 Bit/Gewicht</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="209"/>
        <source>prompt %1 tokens at %2 tokens/s</source>
        <translation>Prompt: %1 Tokens mit %2 Tokens/s</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="241"/>
        <source>Answer with the float model, then with its quantized version</source>
        <translation>Erst mit dem Float-Modell antworten, dann mit seiner quantisierten Fassung</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="242"/>
        <source>Needs the float model open and a quantized model of it from the Quantize page</source>
        <translation>Benötigt das geöffnete Float-Modell und ein daraus quantisiertes Modell von der Seite Quantisieren</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="272"/>
        <source>Generating</source>
        <translation>Generiere</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="253"/>
        <source>You: %1</source>
        <translation>Sie: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="205"/>
        <source>%1 tokens, %2 tokens/s on %4 (stopped: %3)</source>
        <translation>%1 Tokens, %2 Tokens/s mit %4 (beendet: %3)</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="253"/>
        <source>Model: </source>
        <translation>Modell: </translation>
    </message>
</context>
<context>
    <name>ComparePage</name>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="194"/>
        <source>Methods</source>
        <translation>Methoden</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="196"/>
        <source>Full precision</source>
        <translation>Volle Genauigkeit</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="208"/>
        <source>RTN and OPTQ bits</source>
        <translation>Bits für RTN und OPTQ</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="211"/>
        <source>OWQ target bits</source>
        <translation>OWQ-Zielbits</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="214"/>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="216"/>
        <source>Calibration Text</source>
        <translation>Kalibrierungstext</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="218"/>
        <source>Evaluation Text</source>
        <translation>Evaluierungstext</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="220"/>
        <source>Calibration file</source>
        <translation>Kalibrierungsdatei</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="221"/>
        <source>Evaluation file</source>
        <translation>Evaluierungsdatei</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="222"/>
        <source>Multiple-Choice Tasks (JSONL)</source>
        <translation>Multiple-Choice-Aufgaben (JSONL)</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="224"/>
        <source>Optional: a JSONL file of {&quot;context&quot;, &quot;choices&quot;, &quot;label&quot;} items (as HellaSwag, ARC or PIQA exports); every row is also scored by acc and acc_norm</source>
        <translation>Optional: eine JSONL-Datei mit {&quot;context&quot;, &quot;choices&quot;, &quot;label&quot;}-Einträgen (wie HellaSwag-, ARC- oder PIQA-Exporte); jede Zeile wird zusätzlich mit acc und acc_norm bewertet</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="226"/>
        <source>Choice tasks (optional)</source>
        <translation>Auswahlaufgaben (optional)</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="231"/>
        <source>Samples</source>
        <translation>Stichproben</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="235"/>
        <location filename="../app/studio/compare_page.cpp" line="240"/>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="236"/>
        <source>Sequence length</source>
        <translation>Sequenzlänge</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="241"/>
        <source>Evaluation sequence length</source>
        <translation>Sequenzlänge der Evaluierung</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="244"/>
        <source>Uniform</source>
        <translation>Gleichmäßig</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="245"/>
        <source>Reference (official OWQ code)</source>
        <translation>Referenz (offizieller OWQ-Code)</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="246"/>
        <source>How calibration windows are drawn: uniformly, or exactly as the official OWQ code draws them (Python&apos;s random with the same seed)</source>
        <translation>Wie die Kalibrierungsfenster gezogen werden: gleichmäßig oder genau so, wie der offizielle OWQ-Code sie zieht (Pythons random mit demselben Seed)</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="248"/>
        <source>Window sampling</source>
        <translation>Fensterauswahl</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="253"/>
        <source>OWQ allocation</source>
        <translation>OWQ-Zuteilung</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="252"/>
        <source>Where the OWQ rows&apos; weak-column bits go, as on the Quantize page</source>
        <translation>Wohin die Bits der schwachen Spalten in den OWQ-Zeilen gehen, wie auf der Seite Quantisieren</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="254"/>
        <source>Show cached results when the settings match</source>
        <translation>Zwischengespeicherte Ergebnisse zeigen, wenn die Einstellungen passen</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="260"/>
        <source>&amp;Compare</source>
        <translation>&amp;Vergleichen</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="262"/>
        <source>Run the comparison</source>
        <translation>Den Vergleich ausführen</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="264"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="271"/>
        <source>Copy as CSV</source>
        <translation>Als CSV kopieren</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="272"/>
        <source>Copy as Markdown</source>
        <translation>Als Markdown kopieren</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="273"/>
        <source>Save Chart...</source>
        <translation>Diagramm speichern...</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="279"/>
        <source>Open a model to compare methods on it.</source>
        <translation>Öffnen Sie ein Modell, um Methoden darauf zu vergleichen.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="288"/>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="288"/>
        <source>Bits</source>
        <translation>Bits</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="288"/>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="288"/>
        <source>Bits/weight</source>
        <translation>Bits/Gewicht</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="289"/>
        <source>Weak columns</source>
        <translation>Schwache Spalten</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="289"/>
        <location filename="../app/studio/compare_page.cpp" line="320"/>
        <location filename="../app/studio/compare_page.cpp" line="591"/>
        <source>Perplexity</source>
        <translation>Perplexität</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="290"/>
        <source>Seconds</source>
        <translation>Sekunden</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="639"/>
        <source>acc and acc_norm on %1 (FNV-1a %2), %3 items.</source>
        <translation>acc und acc_norm auf %1 (FNV-1a %2), %3 Einträge.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="148"/>
        <source>Evaluated on %1 (FNV-1a %2): %3 tokens with BOS %4%5, windows of %6 tokens every %7, %8 tokens predicted.</source>
        <translation>Ausgewertet auf %1 (FNV-1a %2): %3 Tokens mit BOS %4%5, Fenster von %6 Tokens alle %7 Tokens, %8 Tokens vorhergesagt.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="162"/>
        <source>Full precision is the reference of the KL divergence.</source>
        <translation>Volle Genauigkeit ist die Referenz der KL-Divergenz.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="163"/>
        <source>KL divergence from full precision per predicted token: mean %1, median %2, 99th percentile %3, max %4; top-1 agreement %5% of %6 tokens.</source>
        <translation>KL-Divergenz von voller Genauigkeit je vorhergesagtem Token: Mittel %1, Median %2, 99. Perzentil %3, Maximum %4; Top-1-Übereinstimmung %5 % von %6 Tokens.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="172"/>
        <source> Against the %1 most likely tokens of full precision per position and the rest as one (its vocabulary is large; a lower bound of the whole KL).</source>
        <translation> Gegen die %1 wahrscheinlichsten Tokens der vollen Präzision je Position und den Rest als eines (ihr Vokabular ist groß; eine untere Schranke der ganzen KL).</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="289"/>
        <source>KLD mean</source>
        <translation>KLD Mittel</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="289"/>
        <source>KLD p99</source>
        <translation>KLD p99</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="290"/>
        <source>Top-1 %</source>
        <translation>Top-1 %</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="300"/>
        <source>Mean KL divergence of the row&apos;s next-token distribution from full precision&apos;s, per predicted token (nats)</source>
        <translation>Mittlere KL-Divergenz der Verteilung des nächsten Tokens dieser Zeile von der bei voller Genauigkeit, je vorhergesagtem Token (nats)</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="303"/>
        <source>99th percentile of the per-token KL divergence</source>
        <translation>99. Perzentil der KL-Divergenz je Token</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="306"/>
        <source>Share of predicted tokens where the row&apos;s most likely next token is full precision&apos;s</source>
        <translation>Anteil der vorhergesagten Tokens, bei denen das wahrscheinlichste nächste Token dieser Zeile das der vollen Genauigkeit ist</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="321"/>
        <source>KL divergence (mean)</source>
        <translation>KL-Divergenz (Mittel)</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="322"/>
        <source>What the chart plots against bits per weight</source>
        <translation>Was das Diagramm über den Bits pro Gewicht aufträgt</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="323"/>
        <source>Plot</source>
        <translation>Diagramm</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="591"/>
        <source>KL divergence from full precision (mean, nats)</source>
        <translation>KL-Divergenz von voller Genauigkeit (Mittel, nats)</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="346"/>
        <source>Save Chart</source>
        <translation>Diagramm speichern</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="158"/>
        <source> Run layer by layer (one decoder layer in memory at a time).</source>
        <translation> Schichtweise ausgeführt (jeweils eine Decoder-Schicht im Speicher).</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="178"/>
        <source>Multiple-choice accuracy on %1 (FNV-1a %2), %3 items: acc %4 +- %5, acc_norm %6 +- %7 (standard errors over items; acc_norm divides each choice&apos;s log-likelihood by its length in characters).</source>
        <translation>Multiple-Choice-Genauigkeit auf %1 (FNV-1a %2), %3 Einträge: acc %4 +- %5, acc_norm %6 +- %7 (Standardfehler über die Einträge; acc_norm teilt die Log-Likelihood jeder Antwort durch ihre Länge in Zeichen).</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="290"/>
        <source>Acc</source>
        <translation>Acc</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="290"/>
        <source>Acc norm</source>
        <translation>Acc norm</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="292"/>
        <source>Multiple-choice accuracy: items whose most likely choice (summed log-likelihood) is the label</source>
        <translation>Multiple-Choice-Genauigkeit: Einträge, deren wahrscheinlichste Antwort (summierte Log-Likelihood) die richtige ist</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="295"/>
        <source>Multiple-choice accuracy with each choice&apos;s log-likelihood divided by its length in characters</source>
        <translation>Multiple-Choice-Genauigkeit, wobei die Log-Likelihood jeder Antwort durch ihre Länge in Zeichen geteilt wird</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="352"/>
        <source>Could not write %1</source>
        <translation>%1 konnte nicht geschrieben werden</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="354"/>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="362"/>
        <source>Ready to compare methods on %1.</source>
        <translation>Bereit, Methoden auf %1 zu vergleichen.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="363"/>
        <source>%1 is already quantized; compare starts from a float checkpoint.</source>
        <translation>%1 ist bereits quantisiert; der Vergleich beginnt mit einem Gleitkomma-Checkpoint.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="370"/>
        <source>%1 (%2 of %3 rows): %4</source>
        <translation>%1 (%2 von %3 Zeilen): %4</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="382"/>
        <source>Finished: %1 rows.</source>
        <translation>Fertig: %1 Zeilen.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="384"/>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="384"/>
        <source>Failed.</source>
        <translation>Fehlgeschlagen.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="429"/>
        <source>Choose a calibration file and an evaluation file first.</source>
        <translation>Wählen Sie zuerst eine Kalibrierungs- und eine Evaluierungsdatei.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="449"/>
        <source>OWQ target bits must be numbers like 3.1, 4.1 (got &apos;%1&apos;).</source>
        <translation>OWQ-Zielbits müssen Zahlen wie 3.1, 4.1 sein (erhalten: „%1“).</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="477"/>
        <source>Cached results (%1 rows); untick the cache option to run again.</source>
        <translation>Zwischengespeicherte Ergebnisse (%1 Zeilen); deaktivieren Sie die Cache-Option, um erneut zu rechnen.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="480"/>
        <source>Comparing methods on %1</source>
        <translation>Vergleiche Methoden auf %1</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="483"/>
        <source>Running...</source>
        <translation>Läuft...</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="573"/>
        <source>full precision: %1</source>
        <translation>volle Genauigkeit: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="590"/>
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
        <location filename="../app/studio/export_page.cpp" line="25"/>
        <location filename="../app/studio/export_page.cpp" line="58"/>
        <source>Export the quantized model</source>
        <translation>Quantisiertes Modell exportieren</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="32"/>
        <source>OWQ packed (owq-studio, owq; docs/FORMAT.md)</source>
        <translation>OWQ gepackt (owq-studio, owq; docs/FORMAT.md)</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="34"/>
        <source>Fake-quantized float32 (any Hugging Face loader)</source>
        <translation>Simuliert quantisiertes float32 (jeder Hugging-Face-Loader)</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="36"/>
        <source>Hugging Face float16 (dequantized)</source>
        <translation>Hugging Face float16 (dequantisiert)</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="38"/>
        <source>GPTQ checkpoint + LoRA adapter for the weak columns</source>
        <translation>GPTQ-Checkpoint + LoRA-Adapter für die schwachen Spalten</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="43"/>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="44"/>
        <source>Export Folder</source>
        <translation>Exportordner</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="46"/>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="48"/>
        <source>The folder must be new or empty; an existing folder is replaced only after you confirm. A model card (README.md) and owq_diagnostics.json are written with the model.</source>
        <translation>Der Ordner muss neu oder leer sein; ein vorhandener Ordner wird nur nach Ihrer Bestätigung ersetzt. Eine Modellkarte (README.md) und owq_diagnostics.json werden mit dem Modell geschrieben.</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="56"/>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="59"/>
        <source>Open the Export in the Model Page</source>
        <translation>Export auf der Modellseite öffnen</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="92"/>
        <source>Wrote %1 (%2, %3)</source>
        <translation>%1 geschrieben (%2, %3)</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="104"/>
        <source>A quantized model is ready to export.</source>
        <translation>Ein quantisiertes Modell ist bereit zum Export.</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="105"/>
        <source>Nothing to export yet: quantize a model on the Quantize page first.</source>
        <translation>Noch nichts zu exportieren: Quantisieren Sie zuerst ein Modell auf der Seite „Quantisieren“.</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="112"/>
        <location filename="../app/studio/export_page.cpp" line="117"/>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="112"/>
        <source>Choose an export folder first.</source>
        <translation>Wählen Sie zuerst einen Exportordner.</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="117"/>
        <source>%1 is a file, not a folder.</source>
        <translation>%1 ist eine Datei, kein Ordner.</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="122"/>
        <source>Replace Folder?</source>
        <translation>Ordner ersetzen?</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="123"/>
        <source>%1 already exists and is not empty. Replace its contents with the export?</source>
        <translation>%1 existiert bereits und ist nicht leer. Inhalt durch den Export ersetzen?</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="137"/>
        <source>Exporting to %1</source>
        <translation>Exportiere nach %1</translation>
    </message>
</context>
<context>
    <name>InspectPage</name>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="45"/>
        <source>Error before (RTN)</source>
        <translation>Fehler vorher (RTN)</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="45"/>
        <source>Error after</source>
        <translation>Fehler nachher</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="45"/>
        <source>Error reduction (before / after)</source>
        <translation>Fehlerreduktion (vorher / nachher)</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="46"/>
        <source>Weak columns</source>
        <translation>Schwache Spalten</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="46"/>
        <source>Bits per weight</source>
        <translation>Bits pro Gewicht</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="47"/>
        <location filename="../app/studio/inspect_page.cpp" line="79"/>
        <source>Log scale</source>
        <translation>Logarithmische Skala</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="49"/>
        <source>Save Chart...</source>
        <translation>Diagramm speichern...</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="50"/>
        <source>Per linear</source>
        <translation>Pro Linearschicht</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="66"/>
        <source>Weak columns per decoder layer (rows) and linear (columns)</source>
        <translation>Schwache Spalten je Decoder-Schicht (Zeilen) und Linearschicht (Spalten)</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="78"/>
        <source>Natural order</source>
        <translation>Natürliche Reihenfolge</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="78"/>
        <source>Sorted by H diagonal</source>
        <translation>Nach H-Diagonale sortiert</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="81"/>
        <source>Save Plot...</source>
        <translation>Plot speichern...</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="82"/>
        <source>Linear</source>
        <translation>Linearschicht</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="88"/>
        <location filename="../app/studio/inspect_page.cpp" line="142"/>
        <source>Quantize a model to inspect it.</source>
        <translation>Quantisieren Sie ein Modell, um es zu untersuchen.</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="216"/>
        <source>layer %1</source>
        <translation>Schicht %1</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="241"/>
        <source>%1: %2 x %3, %4 weak columns, %5 bits/weight, error %6 -&gt; %7</source>
        <translation>%1: %2 x %3, %4 schwache Spalten, %5 Bits/Gewicht, Fehler %6 -&gt; %7</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="293"/>
        <location filename="../app/studio/inspect_page.cpp" line="306"/>
        <source>H diagonal</source>
        <translation>H-Diagonale</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="299"/>
        <source>Weak columns (fp16)</source>
        <translation>Schwache Spalten (fp16)</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="305"/>
        <source>Rank by H diagonal</source>
        <translation>Rang nach H-Diagonale</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="305"/>
        <source>Input column</source>
        <translation>Eingabespalte</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="333"/>
        <source>column %1: H diagonal %2</source>
        <translation>Spalte %1: H-Diagonale %2</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="334"/>
        <source> (weak, kept in fp16)</source>
        <translation> (schwach, in fp16 behalten)</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="348"/>
        <source>Save Plot</source>
        <translation>Plot speichern</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="353"/>
        <source>Could not write %1</source>
        <translation>%1 konnte nicht geschrieben werden</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="355"/>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../app/studio/main_window.cpp" line="45"/>
        <location filename="../app/studio/main_window.cpp" line="125"/>
        <source>OWQ Studio</source>
        <translation>OWQ Studio</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="87"/>
        <source>Quantize</source>
        <translation>Quantisieren</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="87"/>
        <source>Inspect</source>
        <translation>Untersuchen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="87"/>
        <source>Compare</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="88"/>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="88"/>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="88"/>
        <source>Tune</source>
        <translation>Feinabstimmen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="94"/>
        <source>%1 (Ctrl+%2)</source>
        <translation>%1 (Strg+%2)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="108"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="110"/>
        <source>Cancel the running job (Esc)</source>
        <translation>Den laufenden Auftrag abbrechen (Esc)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="143"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="144"/>
        <source>&amp;Open Model Folder...</source>
        <translation>Modell&amp;ordner öffnen...</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="146"/>
        <source>Open &amp;Demo Model</source>
        <translation>&amp;Demomodell öffnen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="148"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="154"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="160"/>
        <source>&amp;Tools</source>
        <translation>E&amp;xtras</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="161"/>
        <source>&amp;Settings...</source>
        <translation>&amp;Einstellungen...</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="176"/>
        <source>Language saved: restart OWQ Studio to use it.</source>
        <translation>Sprache gespeichert: Starten Sie OWQ Studio neu, um sie zu verwenden.</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="168"/>
        <source>&amp;Job</source>
        <translation>&amp;Auftrag</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="169"/>
        <source>&amp;Cancel Running Job</source>
        <translation>Laufenden Auftrag &amp;abbrechen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="87"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="112"/>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
</context>
<context>
    <name>ModelPage</name>
    <message>
        <location filename="../app/studio/model_page.cpp" line="25"/>
        <source>Open Model Folder...</source>
        <translation>Modellordner öffnen...</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="27"/>
        <source>Open Demo Model</source>
        <translation>Demomodell öffnen</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="31"/>
        <source>Recent models (double-click to open)</source>
        <translation>Zuletzt verwendete Modelle (Doppelklick zum Öffnen)</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="38"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="41"/>
        <source>Open a model folder (File &gt; Open, or drop it here), or the demo model. Packed OWQ folders open too.</source>
        <translation>Öffnen Sie einen Modellordner (Datei &gt; Öffnen oder hierher ziehen) oder das Demomodell. Gepackte OWQ-Ordner lassen sich ebenfalls öffnen.</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="64"/>
        <source>Loaded %1 in %2 s</source>
        <translation>%1 in %2 s geladen</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="93"/>
        <source>Open Model Folder</source>
        <translation>Modellordner öffnen</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="99"/>
        <source>Loading %1</source>
        <translation>Lade %1</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="111"/>
        <source>Building the demo model (about two minutes)</source>
        <translation>Erstelle das Demomodell (etwa zwei Minuten)</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="125"/>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="126"/>
        <source>Architecture</source>
        <translation>Architektur</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="127"/>
        <source>Family</source>
        <translation>Familie</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="128"/>
        <source>Linears per layer</source>
        <translation>Linear-Layer je Schicht</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="129"/>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="130"/>
        <source>Layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="131"/>
        <source>Hidden size</source>
        <translation>Verborgene Größe</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="132"/>
        <source>Heads (KV heads)</source>
        <translation>Köpfe (KV-Köpfe)</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="133"/>
        <source>Vocabulary</source>
        <translation>Vokabular</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="134"/>
        <source>Context</source>
        <translation>Kontext</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="135"/>
        <source>Weights</source>
        <translation>Gewichte</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="136"/>
        <source>%1, %2 on disk</source>
        <translation>%1, %2 auf der Festplatte</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="137"/>
        <source>Quantization</source>
        <translation>Quantisierung</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="137"/>
        <source>none (float)</source>
        <translation>keine (Gleitkomma)</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="138"/>
        <source>Memory estimate</source>
        <translation>Geschätzter Speicher</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="139"/>
        <source>Tokenizer</source>
        <translation>Tokenizer</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="139"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="141"/>
        <source>Chat template</source>
        <translation>Chat-Vorlage</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="143"/>
        <source>%1 (the model&apos;s own template cannot be used: %2)</source>
        <translation>%1 (die eigene Vorlage des Modells ist nicht nutzbar: %2)</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="162"/>
        <source>Embeddings</source>
        <translation>Einbettungen</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="162"/>
        <source>Embeddings + head</source>
        <translation>Einbettungen + Kopf</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="163"/>
        <source>Attention</source>
        <translation>Attention</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="164"/>
        <source>MLP</source>
        <translation>MLP</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="167"/>
        <source>Parameters (millions)</source>
        <translation>Parameter (Millionen)</translation>
    </message>
</context>
<context>
    <name>ModelService</name>
    <message>
        <location filename="../app/studio/model_service.cpp" line="21"/>
        <source>Loading %1</source>
        <translation>%1 wird geladen</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="49"/>
        <source>%1 %2-bit, %3, %4 bits/weight</source>
        <translation>%1 %2-Bit, %3, %4 Bits/Gewicht</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="52"/>
        <source>packed</source>
        <translation>gepackt</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="52"/>
        <source>fake-quantized</source>
        <translation>simuliert quantisiert</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="61"/>
        <source>the model&apos;s own (Jinja)</source>
        <translation>die eigene des Modells (Jinja)</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="62"/>
        <source>built-in %1</source>
        <translation>eingebaut: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="73"/>
        <source>Building the demo model in %1</source>
        <translation>Demomodell wird in %1 erstellt</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="92"/>
        <source>Open a model first.</source>
        <translation>Öffnen Sie zuerst ein Modell.</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="95"/>
        <source>Quantize the model first to answer side by side.</source>
        <translation>Quantisieren Sie das Modell zuerst, um nebeneinander zu antworten.</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="126"/>
        <source>, 16-bit KV cache</source>
        <translation>, 16-Bit-KV-Cache</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="90"/>
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
    <name>PlotExport</name>
    <message>
        <location filename="../app/studio/plot_export.cpp" line="30"/>
        <source>PNG image (*.png);;PDF document (*.pdf);;SVG drawing (*.svg)</source>
        <translation>PNG-Bild (*.png);;PDF-Dokument (*.pdf);;SVG-Zeichnung (*.svg)</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../app/studio/allocation_heatmap.cpp" line="100"/>
        <source>Weak columns</source>
        <translation>Schwache Spalten</translation>
    </message>
    <message>
        <location filename="../app/studio/allocation_heatmap.cpp" line="100"/>
        <source>Bits per weight</source>
        <translation>Bits pro Gewicht</translation>
    </message>
</context>
<context>
    <name>QuantService</name>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="47"/>
        <source>Quantizing %1</source>
        <translation>Quantisiere %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="49"/>
        <source>Recipe: %1</source>
        <translation>Rezept: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="56"/>
        <source>Done: %1 bits/weight, %2 weak columns, %3 calibration tokens, %4 s</source>
        <translation>Fertig: %1 Bits/Gewicht, %2 schwache Spalten, %3 Kalibrierungstokens, %4 s</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="112"/>
        <source>Exporting to %1</source>
        <translation>Exportiere nach %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="114"/>
        <source>Quantize a model first.</source>
        <translation>Quantisieren Sie zuerst ein Modell.</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="119"/>
        <source>%1 already exists and is not empty</source>
        <translation>%1 existiert bereits und ist nicht leer</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="162"/>
        <source>Unknown export format %1</source>
        <translation>Unbekanntes Exportformat %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="164"/>
        <source>Cannot replace %1</source>
        <translation>%1 kann nicht ersetzt werden</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="168"/>
        <source>Cannot move %1 to %2</source>
        <translation>%1 kann nicht nach %2 verschoben werden</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="169"/>
        <source>Exported %1 to %2</source>
        <translation>%1 nach %2 exportiert</translation>
    </message>
</context>
<context>
    <name>QuantizePage</name>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="42"/>
        <source>Method and bit budget</source>
        <translation>Methode und Bit-Budget</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="46"/>
        <source>Custom</source>
        <translation>Benutzerdefiniert</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="46"/>
        <source>OWQ 3.01 bits (paper)</source>
        <translation>OWQ 3,01 Bits (Paper)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="46"/>
        <source>OWQ 4.01 bits (paper)</source>
        <translation>OWQ 4,01 Bits (Paper)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="47"/>
        <source>Preset</source>
        <translation>Voreinstellung</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="50"/>
        <source>OWQ (weak columns in fp16)</source>
        <translation>OWQ (schwache Spalten in fp16)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="51"/>
        <source>OPTQ / GPTQ</source>
        <translation>OPTQ / GPTQ</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="52"/>
        <source>RTN (round to nearest)</source>
        <translation>RTN (auf Nächstes runden)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="53"/>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="58"/>
        <source>Base bits</source>
        <translation>Basisbits</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="61"/>
        <location filename="../app/studio/quantize_page.cpp" line="80"/>
        <source>Target bits</source>
        <translation>Zielbits</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="61"/>
        <source>Weak columns per linear</source>
        <translation>Schwache Spalten pro Linearschicht</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="62"/>
        <source>Budget</source>
        <translation>Budget</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="66"/>
        <source>Sensitivity spends the bits the reference rule would spend on weak columns across all linears by their measured sensitivity (a float pass over the calibration windows before quantizing); mixed precision also chooses each linear&apos;s base bit width under the same total</source>
        <translation>Sensitivität verteilt die Bits, die die Referenzregel für schwache Spalten ausgeben würde, nach gemessener Sensitivität über alle Linearschichten (ein Float-Durchlauf über die Kalibrierfenster vor dem Quantisieren); gemischte Präzision wählt bei gleicher Summe auch die Basis-Bitbreite jeder Linearschicht</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="70"/>
        <source>Allocation</source>
        <translation>Zuteilung</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="84"/>
        <location filename="../app/studio/quantize_page.cpp" line="91"/>
        <location filename="../app/studio/quantize_page.cpp" line="380"/>
        <source>Weak columns</source>
        <translation>Schwache Spalten</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="87"/>
        <source>Plan (before running)</source>
        <translation>Plan (vor dem Start)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="91"/>
        <source>Linear</source>
        <translation>Linearschicht</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="91"/>
        <source>Input features</source>
        <translation>Eingabemerkmale</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="101"/>
        <source>Open a model to see the plan.</source>
        <translation>Öffnen Sie ein Modell, um den Plan zu sehen.</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="107"/>
        <source>Quantizer and calibration</source>
        <translation>Quantisierer und Kalibrierung</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="113"/>
        <source>per output channel</source>
        <translation>pro Ausgabekanal</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="114"/>
        <source>Group size</source>
        <translation>Gruppengröße</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="115"/>
        <source>Process columns by decreasing Hessian diagonal</source>
        <translation>Spalten nach absteigender Hesse-Diagonale verarbeiten</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="117"/>
        <source>Act-order</source>
        <translation>Act-Order</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="118"/>
        <source>Also try each grid&apos;s range shrunk to 95-80%, keep the best per row</source>
        <translation>Auch den Bereich jedes Rasters auf 95-80 % verkleinert probieren, je Zeile das Beste behalten</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="121"/>
        <source>Solves every linear five times and keeps, for each output row, the solve with the least layer error on the calibration data. Five times the solve time; helps most at 2 and 3 bits.</source>
        <translation>Löst jede lineare Schicht fünfmal und behält für jede Ausgabezeile die Lösung mit dem kleinsten Schichtfehler auf den Kalibrierdaten. Fünffache Lösungszeit; hilft am meisten bei 2 und 3 Bit.</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="124"/>
        <source>Clip search</source>
        <translation>Clip-Suche</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="127"/>
        <source>MSE grid search</source>
        <translation>MSE-Gittersuche</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="127"/>
        <source>Min-max</source>
        <translation>Min-Max</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="128"/>
        <source>Scale search</source>
        <translation>Skalensuche</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="131"/>
        <source>As the model stores it</source>
        <translation>Wie im Modell gespeichert</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="132"/>
        <source>float32</source>
        <translation>float32</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="133"/>
        <source>bfloat16 (half the bytes)</source>
        <translation>bfloat16 (halbe Größe)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="134"/>
        <source>int8 per row (a quarter of the bytes, format version 2)</source>
        <translation>int8 pro Zeile (ein Viertel der Größe, Formatversion 2)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="135"/>
        <source>How the packed model keeps the LM head (the embedding too when they are tied). Decoding reads the whole head for every token, so a cheaper head decodes faster.</source>
        <translation>Wie das gepackte Modell den LM-Kopf speichert (bei gekoppelten Gewichten auch das Embedding). Beim Dekodieren wird der ganze Kopf für jedes Token gelesen; ein kleinerer Kopf dekodiert daher schneller.</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="137"/>
        <source>LM head</source>
        <translation>LM-Kopf</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="138"/>
        <source>Calibration Text</source>
        <translation>Kalibrierungstext</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="140"/>
        <source>Calibration file</source>
        <translation>Kalibrierungsdatei</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="145"/>
        <source>Samples</source>
        <translation>Stichproben</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="149"/>
        <source>default: min(2048, context)</source>
        <translation>Standard: min(2048, Kontext)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="150"/>
        <source>Sequence length</source>
        <translation>Sequenzlänge</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="154"/>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="157"/>
        <source>Uniform</source>
        <translation>Gleichmäßig</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="158"/>
        <source>Reference (official OWQ code)</source>
        <translation>Referenz (offizieller OWQ-Code)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="159"/>
        <source>How calibration windows are drawn: uniformly, or exactly as the official OWQ code draws them (Python&apos;s random with the same seed)</source>
        <translation>Wie die Kalibrierungsfenster gezogen werden: gleichmäßig oder genau so, wie der offizielle OWQ-Code sie zieht (Pythons random mit demselben Seed)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="161"/>
        <source>Window sampling</source>
        <translation>Fensterauswahl</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="167"/>
        <source>&amp;Quantize</source>
        <translation>&amp;Quantisieren</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="169"/>
        <source>Quantize the open model</source>
        <translation>Das geöffnete Modell quantisieren</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="171"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="178"/>
        <source>Idle</source>
        <translation>Untätig</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="181"/>
        <source>Decoder layer</source>
        <translation>Decoder-Schicht</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="186"/>
        <source>Overall</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="236"/>
        <source>Quantized: %1 bits/weight achieved, %2 weak columns in all, %3 s. See Inspect and Export.</source>
        <translation>Quantisiert: %1 Bits/Gewicht erreicht, insgesamt %2 schwache Spalten, %3 s. Siehe „Untersuchen“ und „Export“.</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="250"/>
        <source>Finished in %1</source>
        <translation>Fertig in %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="256"/>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="256"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="258"/>
        <source>Cancelled; no quantized model is kept.</source>
        <translation>Abgebrochen; es wird kein quantisiertes Modell behalten.</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="258"/>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="349"/>
        <source>%1 is already quantized; open a float checkpoint to quantize it.</source>
        <translation>%1 ist bereits quantisiert; öffnen Sie zum Quantisieren einen Gleitkomma-Checkpoint.</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="392"/>
        <source>%1 weak columns in all (%2 layers); %3 bits per weight achieved (storage of the decoder linears, scales and weak columns included)</source>
        <translation>Insgesamt %1 schwache Spalten (%2 Schichten); %3 Bits pro Gewicht erreicht (Speicher der Decoder-Linearschichten, Skalen und schwache Spalten inbegriffen)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="398"/>
        <source> Sensitivity allocation moves these bits between linears after a float pass over the calibration text; the heatmap shows its counts after the run.</source>
        <translation> Die Sensitivitätszuteilung verschiebt diese Bits nach einem Float-Durchlauf über den Kalibriertext zwischen den Linearschichten; die Heatmap zeigt ihre Anzahlen nach dem Lauf.</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="407"/>
        <source>Choose a calibration text file first.</source>
        <translation>Wählen Sie zuerst eine Kalibrierungstextdatei.</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="410"/>
        <source>Quantizing %1</source>
        <translation>Quantisiere %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="452"/>
        <source>Stage: %1</source>
        <translation>Phase: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="475"/>
        <source>Elapsed %1</source>
        <translation>Vergangen %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="478"/>
        <source>, about %1 remaining</source>
        <translation>, noch etwa %1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../app/studio/settings_dialog.cpp" line="26"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../app/studio/settings_dialog.cpp" line="29"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location filename="../app/studio/settings_dialog.cpp" line="35"/>
        <source>User interface language</source>
        <translation>Sprache der Benutzeroberfläche</translation>
    </message>
    <message>
        <location filename="../app/studio/settings_dialog.cpp" line="36"/>
        <source>A new language takes effect when OWQ Studio restarts.</source>
        <translation>Eine neue Sprache gilt nach dem Neustart von OWQ Studio.</translation>
    </message>
    <message>
        <location filename="../app/studio/settings_dialog.cpp" line="42"/>
        <source>Stored results</source>
        <translation>Gespeicherte Ergebnisse</translation>
    </message>
    <message>
        <location filename="../app/studio/settings_dialog.cpp" line="46"/>
        <source>Forget Cached Comparisons</source>
        <translation>Gespeicherte Vergleiche vergessen</translation>
    </message>
    <message>
        <location filename="../app/studio/settings_dialog.cpp" line="67"/>
        <source>Cached comparisons: %1</source>
        <translation>Gespeicherte Vergleiche: %1</translation>
    </message>
</context>
<context>
    <name>TunePage</name>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="66"/>
        <source>Model and data</source>
        <translation>Modell und Daten</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="68"/>
        <source>Packed OWQ Model Folder</source>
        <translation>Gepackter OWQ-Modellordner</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="70"/>
        <source>A packed OWQ folder; the packed model opened in the studio is filled in.</source>
        <translation>Ein gepackter OWQ-Ordner; das im Studio geöffnete gepackte Modell wird eingetragen.</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="71"/>
        <source>Packed model</source>
        <translation>Gepacktes Modell</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="72"/>
        <source>Task Data</source>
        <translation>Aufgabendaten</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="74"/>
        <source>Plain text, or JSONL with one {&quot;prompt&quot;: ..., &quot;response&quot;: ...} per line</source>
        <translation>Klartext oder JSONL mit einem {&quot;prompt&quot;: ..., &quot;response&quot;: ...} pro Zeile</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="75"/>
        <source>Task data</source>
        <translation>Aufgabendaten</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="78"/>
        <source>By file name (.jsonl: prompt/response)</source>
        <translation>Nach Dateiname (.jsonl: Prompt/Antwort)</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="79"/>
        <source>Plain text</source>
        <translation>Klartext</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="80"/>
        <source>JSONL prompt/response</source>
        <translation>JSONL Prompt/Antwort</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="81"/>
        <source>Data format</source>
        <translation>Datenformat</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="82"/>
        <source>Evaluation Data</source>
        <translation>Evaluierungsdaten</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="84"/>
        <source>optional: the last 10% of the task data</source>
        <translation>optional: die letzten 10 % der Aufgabendaten</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="85"/>
        <source>Evaluation data</source>
        <translation>Evaluierungsdaten</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="88"/>
        <source>Optimisation (AdamW on the weak columns)</source>
        <translation>Optimierung (AdamW auf den schwachen Spalten)</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="91"/>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="98"/>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="100"/>
        <source>Warm-up steps</source>
        <translation>Aufwärmschritte</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="103"/>
        <source>Cosine</source>
        <translation>Kosinus</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="104"/>
        <source>Linear</source>
        <translation>Linear</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="105"/>
        <source>Constant</source>
        <translation>Konstant</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="106"/>
        <source>Decay</source>
        <translation>Abfall</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="108"/>
        <source>Batch (sequences)</source>
        <translation>Batch (Sequenzen)</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="110"/>
        <source>Sequence length</source>
        <translation>Sequenzlänge</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="112"/>
        <source>Accumulation (batches per step)</source>
        <translation>Akkumulation (Batches pro Schritt)</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="117"/>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="118"/>
        <source>Gradient clipping</source>
        <translation>Gradientenbegrenzung</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="120"/>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="122"/>
        <source>More trainable columns per linear (needs per-channel quantization)</source>
        <translation>Mehr trainierbare Spalten pro Linearschicht (erfordert Quantisierung pro Kanal)</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="123"/>
        <source>Extra weak columns</source>
        <translation>Zusätzliche schwache Spalten</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="126"/>
        <source>Evaluation, checkpoints and output</source>
        <translation>Evaluierung, Checkpoints und Ausgabe</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="129"/>
        <source>first and last step only</source>
        <translation>nur erster und letzter Schritt</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="130"/>
        <source>Evaluate every</source>
        <translation>Evaluieren alle</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="132"/>
        <source>no checkpoints</source>
        <translation>keine Checkpoints</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="133"/>
        <source>Checkpoints go to the output folder&apos;s name + .checkpoints</source>
        <translation>Checkpoints kommen in den Namen des Ausgabeordners + .checkpoints</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="134"/>
        <source>Checkpoint every</source>
        <translation>Checkpoint alle</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="135"/>
        <source>Checkpoint Folder</source>
        <translation>Checkpoint-Ordner</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="138"/>
        <source>optional: a checkpoint folder to continue from</source>
        <translation>optional: ein Checkpoint-Ordner, von dem aus fortgesetzt wird</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="139"/>
        <source>Resume from</source>
        <translation>Fortsetzen von</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="140"/>
        <source>Output Folder</source>
        <translation>Ausgabeordner</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="142"/>
        <source>a new or empty folder</source>
        <translation>ein neuer oder leerer Ordner</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="143"/>
        <source>Output folder</source>
        <translation>Ausgabeordner</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="144"/>
        <source>LoRA Adapter Folder</source>
        <translation>LoRA-Adapterordner</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="146"/>
        <source>optional: also export GPTQ + LoRA adapter here</source>
        <translation>optional: hier zusätzlich GPTQ + LoRA-Adapter exportieren</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="147"/>
        <source>LoRA adapter output</source>
        <translation>LoRA-Adapter-Ausgabe</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="153"/>
        <source>Before running (computed by core)</source>
        <translation>Vor dem Start (vom Kern berechnet)</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="155"/>
        <location filename="../app/studio/tune_page.cpp" line="308"/>
        <source>Choose a packed model to see what tuning it trains and needs.</source>
        <translation>Wählen Sie ein gepacktes Modell, um zu sehen, was das Feinabstimmen trainiert und benötigt.</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="161"/>
        <source>Trainable parameters</source>
        <translation>Trainierbare Parameter</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="161"/>
        <source>Peak memory</source>
        <translation>Spitzenspeicher</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="169"/>
        <source>&amp;Tune</source>
        <translation>&amp;Feinabstimmen</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="171"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="178"/>
        <source>Tune the weak columns</source>
        <translation>Die schwachen Spalten feinabstimmen</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="179"/>
        <source>Idle</source>
        <translation>Untätig</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="194"/>
        <source>training loss</source>
        <translation>Trainingsverlust</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="195"/>
        <source>evaluation loss</source>
        <translation>Evaluierungsverlust</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="196"/>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="197"/>
        <source>Cross-entropy (nats/token)</source>
        <translation>Kreuzentropie (nats/Token)</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="222"/>
        <source>Open the Tuned Model</source>
        <translation>Feinabgestimmtes Modell öffnen</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="238"/>
        <source>No estimate: %1</source>
        <translation>Keine Schätzung: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="311"/>
        <source>Computing...</source>
        <translation>Berechne...</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="323"/>
        <source>Weak column tuning trains %1 of the model&apos;s %2 parameters (%3%); a LoRA on every decoder linear with as many parameters has rank %4. Peak memory for a batch of %5 x %6 tokens:</source>
        <translation>Das Feinabstimmen der schwachen Spalten trainiert %1 der %2 Parameter des Modells (%3 %); eine LoRA auf jeder Decoder-Linearschicht mit ebenso vielen Parametern hat Rang %4. Spitzenspeicher für einen Batch von %5 x %6 Tokens:</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="338"/>
        <source>Weak column tuning</source>
        <translation>Feinabstimmen der schwachen Spalten</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="339"/>
        <source>LoRA of equal size, packed base</source>
        <translation>LoRA gleicher Größe, gepackte Basis</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="340"/>
        <source>LoRA of equal size, fp16 base</source>
        <translation>LoRA gleicher Größe, fp16-Basis</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="341"/>
        <source>Full fine-tuning (float32)</source>
        <translation>Vollständiges Feinabstimmen (float32)</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="355"/>
        <source>Tune</source>
        <translation>Feinabstimmen</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="362"/>
        <source>Choose a packed OWQ model folder first (open one in the Model page, or browse).</source>
        <translation>Wählen Sie zuerst einen gepackten OWQ-Modellordner (öffnen Sie einen auf der Modellseite oder suchen Sie ihn).</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="366"/>
        <source>Choose a task data file first.</source>
        <translation>Wählen Sie zuerst eine Aufgabendatendatei.</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="370"/>
        <source>Choose an output folder first.</source>
        <translation>Wählen Sie zuerst einen Ausgabeordner.</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="379"/>
        <source>%1 already exists and is not empty; choose a new or empty folder.</source>
        <translation>%1 existiert bereits und ist nicht leer; wählen Sie einen neuen oder leeren Ordner.</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="382"/>
        <source>Tuning %1</source>
        <translation>Feinabstimmung von %1</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="398"/>
        <source>Starting...</source>
        <translation>Starte...</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="432"/>
        <source>Before tuning: eval loss %1 (perplexity %2)</source>
        <translation>Vor dem Feinabstimmen: Evaluierungsverlust %1 (Perplexität %2)</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="436"/>
        <source>Step %1: loss %2, eval loss %3 (perplexity %4), learning rate %5</source>
        <translation>Schritt %1: Verlust %2, Evaluierungsverlust %3 (Perplexität %4), Lernrate %5</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="467"/>
        <source>Elapsed %1</source>
        <translation>Vergangen: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="471"/>
        <source>, about %1 remaining</source>
        <translation>, noch etwa %1</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="483"/>
        <source>Finished in %1</source>
        <translation>Fertig in %1</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="484"/>
        <source>Evaluation perplexity %1 before, %2 after (loss %3 -&gt; %4); %5 steps in %6; saved to %7.</source>
        <translation>Evaluierungs-Perplexität %1 vorher, %2 nachher (Verlust %3 -&gt; %4); %5 Schritte in %6; gespeichert in %7.</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="494"/>
        <source>LoRA adapter (GPTQ + PEFT) in %1.</source>
        <translation>LoRA-Adapter (GPTQ + PEFT) in %1.</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="504"/>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="504"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="505"/>
        <source>Cancelled; nothing was written to %1.</source>
        <translation>Abgebrochen; nach %1 wurde nichts geschrieben.</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="505"/>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="508"/>
        <source>Checkpoints stay in %1: choose it under Resume from to continue.</source>
        <translation>Die Checkpoints bleiben in %1: wählen Sie den Ordner unter „Fortsetzen von“, um weiterzumachen.</translation>
    </message>
</context>
<context>
    <name>TuneService</name>
    <message>
        <location filename="../app/studio/tune_service.cpp" line="42"/>
        <source>Tuning %1</source>
        <translation>Feinabstimmung von %1</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_service.cpp" line="44"/>
        <source>Tuning the weak columns of %1 on %2: %3 steps, learning rate %4, %5 x %6 x %7 tokens per step</source>
        <translation>Feinabstimmung der schwachen Spalten von %1 auf %2: %3 Schritte, Lernrate %4, %5 x %6 x %7 Tokens pro Schritt</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_service.cpp" line="52"/>
        <source>Resuming from %1</source>
        <translation>Fortsetzen ab %1</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_service.cpp" line="60"/>
        <source>Eval loss %1 -&gt; %2 (perplexity %3 -&gt; %4), %5 trainable parameters, %6 s</source>
        <translation>Evaluierungsverlust %1 -&gt; %2 (Perplexität %3 -&gt; %4), %5 trainierbare Parameter, %6 s</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_service.cpp" line="67"/>
        <source>Saved to %1</source>
        <translation>Gespeichert in %1</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_service.cpp" line="68"/>
        <source>gptq+lora export in %1</source>
        <translation>gptq+lora-Export in %1</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_service.cpp" line="70"/>
        <source>Checkpoint %1</source>
        <translation>Checkpoint %1</translation>
    </message>
</context>
<context>
    <name>UiLanguage</name>
    <message>
        <location filename="../app/studio/ui_language.cpp" line="13"/>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/studio/main.cpp" line="42"/>
        <source>OWQ Studio: quantize, inspect and chat with large language models</source>
        <translation>OWQ Studio: große Sprachmodelle quantisieren, untersuchen und mit ihnen chatten</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="45"/>
        <source>Model folder to open</source>
        <translation>Zu öffnender Modellordner</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="47"/>
        <source>Open the demo model (built on first use)</source>
        <translation>Demomodell öffnen (wird bei der ersten Verwendung erstellt)</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="49"/>
        <source>Render the window to FILE (PNG) once idle, then exit</source>
        <translation>Das Fenster im Leerlauf einmal nach FILE (PNG) rendern, dann beenden</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="53"/>
        <source>Show page NAME: model, quantize, inspect, compare, chat, export, tune</source>
        <translation>Seite NAME zeigen: model, quantize, inspect, compare, chat, export, tune</translation>
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
    <message>
        <location filename="../app/studio/main.cpp" line="70"/>
        <source>After opening a packed model, tune its weak columns on DATA into OUT</source>
        <translation>Nach dem Öffnen eines gepackten Modells seine schwachen Spalten auf DATA in OUT feinabstimmen</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="73"/>
        <source>Optimizer steps for --tune</source>
        <translation>Optimiererschritte für --tune</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="79"/>
        <source>With --generate: answer with the float and the quantized model</source>
        <translation>Mit --generate: mit dem Float- und dem quantisierten Modell antworten</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="82"/>
        <source>Show the settings dialog (what --screenshot then renders)</source>
        <translation>Den Einstellungsdialog zeigen (den --screenshot dann abbildet)</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="87"/>
        <source>Use a dark palette, as a dark desktop theme would (screenshots)</source>
        <translation>Eine dunkle Palette verwenden, wie ein dunkles Desktop-Design (für Bildschirmfotos)</translation>
    </message>
</context>
</TS>
