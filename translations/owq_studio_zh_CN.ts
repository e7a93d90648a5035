<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
        <translation>已加载 %1，用时 %2 秒</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="65"/>
        <source>%1 tokens, %2 tokens/s (stopped: %3)</source>
        <translation>%1 个词元，%2 词元/秒（停止原因：%3）</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="68"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="84"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="85"/>
        <source>&amp;Open Model Folder...</source>
        <translation>打开模型文件夹(&amp;O)...</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="87"/>
        <source>Open &amp;Demo Model</source>
        <translation>打开演示模型(&amp;D)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="89"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="92"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="95"/>
        <source>Open a model folder (File &gt; Open, or drop it here), or the demo model.</source>
        <translation>请打开模型文件夹（文件 &gt; 打开，或拖放到此处）或演示模型。</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="103"/>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="106"/>
        <source>Prompt (empty: start from the beginning-of-text token)</source>
        <translation>提示词（留空：从文本起始词元开始）</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="123"/>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="125"/>
        <source>Max tokens</source>
        <translation>最大词元数</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="127"/>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="130"/>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="132"/>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="156"/>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="174"/>
        <source>Open Model Folder</source>
        <translation>打开模型文件夹</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="182"/>
        <source>Loading %1</source>
        <translation>正在加载 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="193"/>
        <source>Building the demo model (about two minutes)</source>
        <translation>正在构建演示模型（约需两分钟）</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="205"/>
        <source>Generating</source>
        <translation>正在生成</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="213"/>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="214"/>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="215"/>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="216"/>
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="217"/>
        <source>Hidden size</source>
        <translation>隐藏层维度</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="218"/>
        <source>Heads (KV heads)</source>
        <translation>注意力头数（KV 头数）</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="219"/>
        <source>Vocabulary</source>
        <translation>词表大小</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="220"/>
        <source>Context</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="221"/>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="221"/>
        <source>%1, %2 on disk</source>
        <translation>%1，磁盘占用 %2</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="222"/>
        <source>Memory estimate</source>
        <translation>预估内存</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="223"/>
        <source>Tokenizer</source>
        <translation>分词器</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="240"/>
        <source>Embeddings</source>
        <translation>嵌入</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="240"/>
        <source>Embeddings + head</source>
        <translation>嵌入 + 输出头</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="241"/>
        <source>Attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="242"/>
        <source>MLP</source>
        <translation>MLP</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="245"/>
        <source>Parameters (millions)</source>
        <translation>参数量（百万）</translation>
    </message>
</context>
<context>
    <name>ModelService</name>
    <message>
        <location filename="../app/studio/model_service.cpp" line="32"/>
        <source>Loading %1</source>
        <translation>正在加载 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="64"/>
        <source>Building the demo model in %1</source>
        <translation>正在 %1 中构建演示模型</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="75"/>
        <source>Open a model first.</source>
        <translation>请先打开模型。</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="79"/>
        <source>Generating</source>
        <translation>正在生成</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/studio/main.cpp" line="22"/>
        <source>OWQ Studio: quantize, inspect and chat with LLaMA-family models</source>
        <translation>OWQ Studio：对 LLaMA 系列模型进行量化、检查和对话</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="25"/>
        <source>Model folder to open</source>
        <translation>要打开的模型文件夹</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="26"/>
        <source>Open the demo model (built on first use)</source>
        <translation>打开演示模型（首次使用时构建）</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="27"/>
        <source>Render the window to FILE (PNG) once idle, then exit</source>
        <translation>空闲后将窗口渲染到 FILE（PNG），然后退出</translation>
    </message>
</context>
</TS>
