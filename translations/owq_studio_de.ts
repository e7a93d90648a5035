<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../app/studio/main_window.cpp" line="33"/>
        <location filename="../app/studio/main_window.cpp" line="69"/>
        <source>OWQ Studio</source>
        <translation>OWQ Studio</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="54"/>
        <source>Loaded %1 in %2 s</source>
        <translation>%1 in %2 s geladen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="65"/>
        <source>%1 tokens, %2 tokens/s (stopped: %3)</source>
        <translation>%1 Tokens, %2 Tokens/s (beendet: %3)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="68"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="84"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="85"/>
        <source>&amp;Open Model Folder...</source>
        <translation>Modell&amp;ordner öffnen...</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="87"/>
        <source>Open &amp;Demo Model</source>
        <translation>&amp;Demomodell öffnen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="89"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="92"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="95"/>
        <source>Open a model folder (File &gt; Open, or drop it here), or the demo model.</source>
        <translation>Öffnen Sie einen Modellordner (Datei &gt; Öffnen oder hierher ziehen) oder das Demomodell.</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="103"/>
        <source>Generate</source>
        <translation>Generieren</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="106"/>
        <source>Prompt (empty: start from the beginning-of-text token)</source>
        <translation>Prompt (leer: beim Textanfangs-Token beginnen)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="123"/>
        <source>Temperature</source>
        <translation>Temperatur</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="125"/>
        <source>Max tokens</source>
        <translation>Max. Tokens</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="127"/>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="130"/>
        <source>&amp;Generate</source>
        <translation>&amp;Generieren</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="132"/>
        <source>&amp;Stop</source>
        <translation>&amp;Stopp</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="156"/>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="174"/>
        <source>Open Model Folder</source>
        <translation>Modellordner öffnen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="182"/>
        <source>Loading %1</source>
        <translation>%1 wird geladen</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="193"/>
        <source>Building the demo model (about two minutes)</source>
        <translation>Demomodell wird erstellt (etwa zwei Minuten)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="205"/>
        <source>Generating</source>
        <translation>Generierung läuft</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="213"/>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="214"/>
        <source>Architecture</source>
        <translation>Architektur</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="215"/>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="216"/>
        <source>Layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="217"/>
        <source>Hidden size</source>
        <translation>Verborgene Dimension</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="218"/>
        <source>Heads (KV heads)</source>
        <translation>Köpfe (KV-Köpfe)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="219"/>
        <source>Vocabulary</source>
        <translation>Vokabular</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="220"/>
        <source>Context</source>
        <translation>Kontextlänge</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="221"/>
        <source>Weights</source>
        <translation>Gewichte</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="221"/>
        <source>%1, %2 on disk</source>
        <translation>%1, %2 auf dem Datenträger</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="222"/>
        <source>Memory estimate</source>
        <translation>Geschätzter Speicherbedarf</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="223"/>
        <source>Tokenizer</source>
        <translation>Tokenizer</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="240"/>
        <source>Embeddings</source>
        <translation>Embeddings</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="240"/>
        <source>Embeddings + head</source>
        <translation>Embeddings + Ausgabeschicht</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="241"/>
        <source>Attention</source>
        <translation>Attention</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="242"/>
        <source>MLP</source>
        <translation>MLP</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="245"/>
        <source>Parameters (millions)</source>
        <translation>Parameter (Millionen)</translation>
    </message>
</context>
<context>
    <name>ModelService</name>
    <message>
        <location filename="../app/studio/model_service.cpp" line="32"/>
        <source>Loading %1</source>
        <translation>%1 wird geladen</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="64"/>
        <source>Building the demo model in %1</source>
        <translation>Demomodell wird in %1 erstellt</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="75"/>
        <source>Open a model first.</source>
        <translation>Öffnen Sie zuerst ein Modell.</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="79"/>
        <source>Generating</source>
        <translation>Generierung läuft</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/studio/main.cpp" line="22"/>
        <source>OWQ Studio: quantize, inspect and chat with LLaMA-family models</source>
        <translation>OWQ Studio: Modelle der LLaMA-Familie quantisieren, untersuchen und mit ihnen chatten</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="25"/>
        <source>Model folder to open</source>
        <translation>Zu öffnender Modellordner</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="26"/>
        <source>Open the demo model (built on first use)</source>
        <translation>Demomodell öffnen (wird bei der ersten Verwendung erstellt)</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="27"/>
        <source>Render the window to FILE (PNG) once idle, then exit</source>
        <translation>Das Fenster im Leerlauf einmal nach FILE (PNG) rendern, dann beenden</translation>
    </message>
</context>
</TS>
