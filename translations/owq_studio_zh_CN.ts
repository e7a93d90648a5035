<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BusyState</name>
    <message>
        <location filename="../app/studio/job_bridge.cpp" line="60"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../app/studio/job_bridge.cpp" line="62"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>ChatPage</name>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="19"/>
        <source>Completion</source>
        <translation>续写</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="19"/>
        <source>Chat</source>
        <translation>聊天</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="20"/>
        <source>No model open.</source>
        <translation>未打开模型。</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="22"/>
        <source>New Chat</source>
        <translation>新聊天</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="24"/>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="35"/>
        <location filename="../app/studio/chat_page.cpp" line="108"/>
        <source>Prompt (empty: start from the beginning-of-text token)</source>
        <translation>提示词（留空：从文本起始标记开始）</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="51"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="69"/>
        <source>Temperature</source>
        <translation>温度</translation>
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
        <translation>重复惩罚</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="77"/>
        <source>Max tokens</source>
        <translation>最大标记数</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="79"/>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="84"/>
        <location filename="../app/studio/chat_page.cpp" line="106"/>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="88"/>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="106"/>
        <source>&amp;Send</source>
        <translation>发送(&amp;S)</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="107"/>
        <source>Your message</source>
        <translation>您的消息</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="113"/>
        <source>%1 (%2; chat template: %3)</source>
        <translation>%1（%2；聊天模板：%3）</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="115"/>
        <source>float</source>
        <translation>浮点</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="125"/>
        <source>%1 tokens, %2 tokens/s (stopped: %3)</source>
        <translation>%1 个标记，%2 标记/秒（停止原因：%3）</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="148"/>
        <source>Generating</source>
        <translation>正在生成</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="155"/>
        <source>You: %1</source>
        <translation>你：%1</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="155"/>
        <source>Model: </source>
        <translation>模型：</translation>
    </message>
</context>
<context>
    <name>ComparePage</name>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="67"/>
        <source>Methods</source>
        <translation>方法</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="69"/>
        <source>Full precision</source>
        <translation>全精度</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="81"/>
        <source>RTN and OPTQ bits</source>
        <translation>RTN 与 OPTQ 位数</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="84"/>
        <source>OWQ target bits</source>
        <translation>OWQ 目标位数</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="87"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="89"/>
        <source>Calibration Text</source>
        <translation>校准文本</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="91"/>
        <source>Evaluation Text</source>
        <translation>评估文本</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="93"/>
        <source>Calibration file</source>
        <translation>校准文件</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="94"/>
        <source>Evaluation file</source>
        <translation>评估文件</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="99"/>
        <source>Samples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="103"/>
        <location filename="../app/studio/compare_page.cpp" line="108"/>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="104"/>
        <source>Sequence length</source>
        <translation>序列长度</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="109"/>
        <source>Evaluation sequence length</source>
        <translation>评估序列长度</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="110"/>
        <source>Show cached results when the settings match</source>
        <translation>设置相同时显示缓存结果</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="116"/>
        <source>&amp;Compare</source>
        <translation>比较(&amp;C)</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="119"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="126"/>
        <source>Copy as CSV</source>
        <translation>复制为 CSV</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="127"/>
        <source>Copy as Markdown</source>
        <translation>复制为 Markdown</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="131"/>
        <source>Open a model to compare methods on it.</source>
        <translation>请打开一个模型以比较各方法。</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="140"/>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="140"/>
        <source>Bits</source>
        <translation>位数</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="140"/>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="140"/>
        <source>Bits/weight</source>
        <translation>位/权重</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="141"/>
        <source>Weak columns</source>
        <translation>弱列</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="141"/>
        <location filename="../app/studio/compare_page.cpp" line="302"/>
        <source>Perplexity</source>
        <translation>困惑度</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="141"/>
        <source>Seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="163"/>
        <source>Ready to compare methods on %1.</source>
        <translation>已准备好在 %1 上比较各方法。</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="164"/>
        <source>%1 is already quantized; compare starts from a float checkpoint.</source>
        <translation>%1 已经量化；比较需要从浮点检查点开始。</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="171"/>
        <source>%1 (%2 of %3 rows): %4</source>
        <translation>%1（第 %2 行，共 %3 行）：%4</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="181"/>
        <source>Finished: %1 rows.</source>
        <translation>完成：%1 行。</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="183"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="183"/>
        <source>Failed.</source>
        <translation>失败。</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="208"/>
        <source>Choose a calibration file and an evaluation file first.</source>
        <translation>请先选择校准文件和评估文件。</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="226"/>
        <source>OWQ target bits must be numbers like 3.1, 4.1 (got &apos;%1&apos;).</source>
        <translation>OWQ 目标位数必须是 3.1、4.1 这样的数字（收到“%1”）。</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="243"/>
        <source>Cached results (%1 rows); untick the cache option to run again.</source>
        <translation>缓存结果（%1 行）；取消勾选缓存选项即可重新运行。</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="246"/>
        <source>Comparing methods on %1</source>
        <translation>正在 %1 上比较各方法</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="249"/>
        <source>Running...</source>
        <translation>运行中...</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="285"/>
        <source>full precision: %1</source>
        <translation>全精度：%1</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="301"/>
        <source>Bits per weight</source>
        <translation>每权重位数</translation>
    </message>
</context>
<context>
    <name>CompareService</name>
    <message>
        <location filename="../app/studio/compare_service.cpp" line="11"/>
        <source>Comparing methods on %1</source>
        <translation>正在 %1 上比较各方法</translation>
    </message>
</context>
<context>
    <name>ExportPage</name>
    <message>
        <location filename="../app/studio/export_page.cpp" line="24"/>
        <source>Export the quantized model</source>
        <translation>导出量化模型</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="31"/>
        <source>OWQ packed (owq-studio, owq; docs/FORMAT.md)</source>
        <translation>OWQ 打包格式（owq-studio、owq；docs/FORMAT.md）</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="33"/>
        <source>Fake-quantized float32 (any Hugging Face loader)</source>
        <translation>伪量化 float32（任意 Hugging Face 加载器）</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="35"/>
        <source>Hugging Face float16 (dequantized)</source>
        <translation>Hugging Face float16（反量化）</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="37"/>
        <source>GPTQ checkpoint + LoRA adapter for the weak columns</source>
        <translation>GPTQ 检查点 + 弱列的 LoRA 适配器</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="42"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="43"/>
        <source>Export Folder</source>
        <translation>导出文件夹</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="45"/>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="47"/>
        <source>The folder must be new or empty; an existing folder is replaced only after you confirm. A model card (README.md) and owq_diagnostics.json are written with the model.</source>
        <translation>文件夹必须是新的或空的；已有文件夹只有在您确认后才会被替换。模型卡（README.md）和 owq_diagnostics.json 会与模型一同写入。</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="55"/>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="57"/>
        <source>Open the Export in the Model Page</source>
        <translation>在模型页面中打开导出结果</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="88"/>
        <source>Wrote %1 (%2, %3)</source>
        <translation>已写入 %1（%2，%3）</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="100"/>
        <source>A quantized model is ready to export.</source>
        <translation>量化模型已可导出。</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="101"/>
        <source>Nothing to export yet: quantize a model on the Quantize page first.</source>
        <translation>暂无可导出的内容：请先在“量化”页面量化一个模型。</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="108"/>
        <location filename="../app/studio/export_page.cpp" line="113"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="108"/>
        <source>Choose an export folder first.</source>
        <translation>请先选择导出文件夹。</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="113"/>
        <source>%1 is a file, not a folder.</source>
        <translation>%1 是文件，不是文件夹。</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="118"/>
        <source>Replace Folder?</source>
        <translation>替换文件夹？</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="119"/>
        <source>%1 already exists and is not empty. Replace its contents with the export?</source>
        <translation>%1 已存在且不为空。要用导出结果替换其内容吗？</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="124"/>
        <source>Exporting to %1</source>
        <translation>正在导出到 %1</translation>
    </message>
</context>
<context>
    <name>InspectPage</name>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="37"/>
        <source>Error before (RTN)</source>
        <translation>优化前误差（RTN）</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="37"/>
        <source>Error after</source>
        <translation>优化后误差</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="37"/>
        <source>Error reduction (before / after)</source>
        <translation>误差降低（前 / 后）</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="38"/>
        <source>Weak columns</source>
        <translation>弱列</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="38"/>
        <source>Bits per weight</source>
        <translation>每权重位数</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="39"/>
        <location filename="../app/studio/inspect_page.cpp" line="65"/>
        <source>Log scale</source>
        <translation>对数刻度</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="41"/>
        <source>Save Chart...</source>
        <translation>保存图表...</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="42"/>
        <source>Per linear</source>
        <translation>按线性层</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="64"/>
        <source>Natural order</source>
        <translation>自然顺序</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="64"/>
        <source>Sorted by H diagonal</source>
        <translation>按 H 对角线排序</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="67"/>
        <source>Save Plot...</source>
        <translation>保存图...</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="68"/>
        <source>Linear</source>
        <translation>线性层</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="74"/>
        <location filename="../app/studio/inspect_page.cpp" line="119"/>
        <source>Quantize a model to inspect it.</source>
        <translation>请先量化模型再进行检查。</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="191"/>
        <source>layer %1</source>
        <translation>第 %1 层</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="216"/>
        <source>%1: %2 x %3, %4 weak columns, %5 bits/weight, error %6 -&gt; %7</source>
        <translation>%1：%2 x %3，%4 个弱列，%5 位/权重，误差 %6 -&gt; %7</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="268"/>
        <location filename="../app/studio/inspect_page.cpp" line="280"/>
        <source>H diagonal</source>
        <translation>H 对角线</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="274"/>
        <source>Weak columns (fp16)</source>
        <translation>弱列（fp16）</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="279"/>
        <source>Rank by H diagonal</source>
        <translation>按 H 对角线排名</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="279"/>
        <source>Input column</source>
        <translation>输入列</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="307"/>
        <source>column %1: H diagonal %2</source>
        <translation>第 %1 列：H 对角线 %2</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="308"/>
        <source> (weak, kept in fp16)</source>
        <translation>（弱列，保留为 fp16）</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="325"/>
        <source>Save Plot</source>
        <translation>保存图</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="326"/>
        <source>PNG image (*.png);;PDF document (*.pdf)</source>
        <translation>PNG 图像 (*.png);;PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="332"/>
        <source>Could not write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="334"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
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
        <translation>量化</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="77"/>
        <source>Inspect</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="78"/>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="78"/>
        <source>Chat</source>
        <translation>聊天</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="78"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="84"/>
        <source>%1 (Ctrl+%2)</source>
        <translation>%1（Ctrl+%2）</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="98"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="132"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="133"/>
        <source>&amp;Open Model Folder...</source>
        <translation>打开模型文件夹(&amp;O)...</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="135"/>
        <source>Open &amp;Demo Model</source>
        <translation>打开演示模型(&amp;D)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="137"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="140"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="146"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="149"/>
        <source>System default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="161"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="162"/>
        <source>The language changes when OWQ Studio restarts.</source>
        <translation>语言将在 OWQ Studio 重启后更改。</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="166"/>
        <source>&amp;Job</source>
        <translation>任务(&amp;J)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="167"/>
        <source>&amp;Cancel Running Job</source>
        <translation>取消正在运行的任务(&amp;C)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="77"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="101"/>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
</context>
<context>
    <name>ModelPage</name>
    <message>
        <location filename="../app/studio/model_page.cpp" line="23"/>
        <source>Open Model Folder...</source>
        <translation>打开模型文件夹...</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="25"/>
        <source>Open Demo Model</source>
        <translation>打开演示模型</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="29"/>
        <source>Recent models (double-click to open)</source>
        <translation>最近的模型（双击打开）</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="36"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="39"/>
        <source>Open a model folder (File &gt; Open, or drop it here), or the demo model. Packed OWQ folders open too.</source>
        <translation>打开模型文件夹（文件 &gt; 打开，或拖放到此处），或打开演示模型。也可以打开 OWQ 打包文件夹。</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="56"/>
        <source>Loaded %1 in %2 s</source>
        <translation>已加载 %1，用时 %2 秒</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="85"/>
        <source>Open Model Folder</source>
        <translation>打开模型文件夹</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="91"/>
        <source>Loading %1</source>
        <translation>正在加载 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="103"/>
        <source>Building the demo model (about two minutes)</source>
        <translation>正在构建演示模型（约两分钟）</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="117"/>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="118"/>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="119"/>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="120"/>
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="121"/>
        <source>Hidden size</source>
        <translation>隐藏层大小</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="122"/>
        <source>Heads (KV heads)</source>
        <translation>注意力头（KV 头）</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="123"/>
        <source>Vocabulary</source>
        <translation>词表</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="124"/>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="125"/>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="126"/>
        <source>%1, %2 on disk</source>
        <translation>%1，磁盘占用 %2</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="127"/>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="127"/>
        <source>none (float)</source>
        <translation>无（浮点）</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="128"/>
        <source>Memory estimate</source>
        <translation>内存估算</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="129"/>
        <source>Tokenizer</source>
        <translation>分词器</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="130"/>
        <source>Chat template</source>
        <translation>聊天模板</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="148"/>
        <source>Embeddings</source>
        <translation>嵌入</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="148"/>
        <source>Embeddings + head</source>
        <translation>嵌入 + 输出头</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="149"/>
        <source>Attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="150"/>
        <source>MLP</source>
        <translation>MLP</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="153"/>
        <source>Parameters (millions)</source>
        <translation>参数（百万）</translation>
    </message>
</context>
<context>
    <name>ModelService</name>
    <message>
        <location filename="../app/studio/model_service.cpp" line="19"/>
        <source>Loading %1</source>
        <translation>正在加载 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="45"/>
        <source>%1 %2-bit, %3, %4 bits/weight</source>
        <translation>%1 %2 位，%3，%4 位/权重</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="48"/>
        <source>packed</source>
        <translation>打包</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="48"/>
        <source>fake-quantized</source>
        <translation>伪量化</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="63"/>
        <source>Building the demo model in %1</source>
        <translation>正在 %1 中构建演示模型</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="76"/>
        <source>Open a model first.</source>
        <translation>请先打开模型。</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="74"/>
        <source>Generating</source>
        <translation>正在生成</translation>
    </message>
</context>
<context>
    <name>PathEdit</name>
    <message>
        <location filename="../app/studio/path_edit.cpp" line="14"/>
        <source>Browse...</source>
        <translation>浏览...</translation>
    </message>
</context>
<context>
    <name>QuantService</name>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="45"/>
        <source>Quantizing %1</source>
        <translation>正在量化 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="47"/>
        <source>Recipe: %1</source>
        <translation>配方：%1</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="54"/>
        <source>Done: %1 bits/weight, %2 weak columns, %3 calibration tokens, %4 s</source>
        <translation>完成：%1 位/权重，%2 个弱列，%3 个校准标记，%4 秒</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="103"/>
        <source>Exporting to %1</source>
        <translation>正在导出到 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="105"/>
        <source>Quantize a model first.</source>
        <translation>请先量化模型。</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="110"/>
        <source>%1 already exists and is not empty</source>
        <translation>%1 已存在且不为空</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="144"/>
        <source>Unknown export format %1</source>
        <translation>未知的导出格式 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="146"/>
        <source>Cannot replace %1</source>
        <translation>无法替换 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="150"/>
        <source>Cannot move %1 to %2</source>
        <translation>无法将 %1 移动到 %2</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="151"/>
        <source>Exported %1 to %2</source>
        <translation>已将 %1 导出到 %2</translation>
    </message>
</context>
<context>
    <name>QuantizePage</name>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="43"/>
        <source>Method and bit budget</source>
        <translation>方法与位预算</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="47"/>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="47"/>
        <source>OWQ 3.01 bits (paper)</source>
        <translation>OWQ 3.01 位（论文）</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="47"/>
        <source>OWQ 4.01 bits (paper)</source>
        <translation>OWQ 4.01 位（论文）</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="48"/>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="51"/>
        <source>OWQ (weak columns in fp16)</source>
        <translation>OWQ（弱列为 fp16）</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="52"/>
        <source>OPTQ / GPTQ</source>
        <translation>OPTQ / GPTQ</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="53"/>
        <source>RTN (round to nearest)</source>
        <translation>RTN（四舍五入到最近值）</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="54"/>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="59"/>
        <source>Base bits</source>
        <translation>基础位数</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="62"/>
        <location filename="../app/studio/quantize_page.cpp" line="73"/>
        <source>Target bits</source>
        <translation>目标位数</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="62"/>
        <source>Weak columns per linear</source>
        <translation>每个线性层的弱列数</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="63"/>
        <source>Budget</source>
        <translation>预算</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="77"/>
        <location filename="../app/studio/quantize_page.cpp" line="84"/>
        <source>Weak columns</source>
        <translation>弱列</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="80"/>
        <source>Plan (before running)</source>
        <translation>计划（运行前）</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="84"/>
        <source>Linear</source>
        <translation>线性层</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="84"/>
        <source>Input features</source>
        <translation>输入特征数</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="89"/>
        <source>Open a model to see the plan.</source>
        <translation>请打开模型以查看计划。</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="95"/>
        <source>Quantizer and calibration</source>
        <translation>量化器与校准</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="101"/>
        <source>per output channel</source>
        <translation>按输出通道</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="102"/>
        <source>Group size</source>
        <translation>分组大小</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="103"/>
        <source>Process columns by decreasing Hessian diagonal</source>
        <translation>按 Hessian 对角线从大到小处理列</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="105"/>
        <source>Act-order</source>
        <translation>激活顺序（act-order）</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="108"/>
        <source>MSE grid search</source>
        <translation>MSE 网格搜索</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="108"/>
        <source>Min-max</source>
        <translation>最小-最大</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="109"/>
        <source>Scale search</source>
        <translation>缩放搜索</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="110"/>
        <source>Calibration Text</source>
        <translation>校准文本</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="112"/>
        <source>Calibration file</source>
        <translation>校准文件</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="117"/>
        <source>Samples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="121"/>
        <source>default: min(2048, context)</source>
        <translation>默认：min(2048, 上下文)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="122"/>
        <source>Sequence length</source>
        <translation>序列长度</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="126"/>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="132"/>
        <source>&amp;Quantize</source>
        <translation>量化(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="135"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="142"/>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="145"/>
        <source>Decoder layer</source>
        <translation>解码器层</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="150"/>
        <source>Overall</source>
        <translation>总体</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="199"/>
        <source>Quantized: %1 bits/weight achieved, %2 weak columns in all, %3 s. See Inspect and Export.</source>
        <translation>量化完成：达到 %1 位/权重，共 %2 个弱列，%3 秒。请查看“检查”和“导出”页面。</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="212"/>
        <source>Finished in %1</source>
        <translation>用时 %1 完成</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="218"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="218"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="220"/>
        <source>Cancelled; no quantized model is kept.</source>
        <translation>已取消；不保留任何量化模型。</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="220"/>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="287"/>
        <source>%1 is already quantized; open a float checkpoint to quantize it.</source>
        <translation>%1 已经量化；要量化请打开浮点检查点。</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="317"/>
        <source>%1 weak columns in all (%2 layers); %3 bits per weight achieved (storage of the decoder linears, scales and weak columns included)</source>
        <translation>共 %1 个弱列（%2 层）；达到每权重 %3 位（按解码器线性层的存储计算，包含缩放因子和弱列）</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="327"/>
        <source>Choose a calibration text file first.</source>
        <translation>请先选择校准文本文件。</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="330"/>
        <source>Quantizing %1</source>
        <translation>正在量化 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="370"/>
        <source>Stage: %1</source>
        <translation>阶段：%1</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="393"/>
        <source>Elapsed %1</source>
        <translation>已用时 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="396"/>
        <source>, about %1 remaining</source>
        <translation>，约剩 %1</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/studio/main.cpp" line="43"/>
        <source>OWQ Studio: quantize, inspect and chat with LLaMA-family models</source>
        <translation>OWQ Studio：对 LLaMA 系列模型进行量化、检查和对话</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="46"/>
        <source>Model folder to open</source>
        <translation>要打开的模型文件夹</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="48"/>
        <source>Open the demo model (built on first use)</source>
        <translation>打开演示模型（首次使用时构建）</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="50"/>
        <source>Render the window to FILE (PNG) once idle, then exit</source>
        <translation>空闲后将窗口渲染到 FILE（PNG），然后退出</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="54"/>
        <source>Show page NAME: model, quantize, inspect, compare, chat, export</source>
        <translation>显示页面 NAME：model、quantize、inspect、compare、chat、export</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="57"/>
        <source>After opening, quantize with the calibration text FILE</source>
        <translation>打开后使用校准文本 FILE 进行量化</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="60"/>
        <source>Calibration windows for --quantize</source>
        <translation>--quantize 的校准窗口数</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="61"/>
        <source>Tokens per window for --quantize</source>
        <translation>--quantize 每个窗口的标记数</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="64"/>
        <source>After opening, compare methods on CALIB,EVAL text files</source>
        <translation>打开后在 CALIB,EVAL 文本文件上比较各方法</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="66"/>
        <source>After opening, complete PROMPT</source>
        <translation>打开后续写 PROMPT</translation>
    </message>
</context>
</TS>
