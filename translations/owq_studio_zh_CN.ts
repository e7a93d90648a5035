<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AllocationChoice</name>
    <message>
        <location filename="../app/studio/allocation_choice.cpp" line="14"/>
        <source>Reference rule (same count per linear type)</source>
        <translation>参考规则（每种线性层数量相同）</translation>
    </message>
    <message>
        <location filename="../app/studio/allocation_choice.cpp" line="17"/>
        <source>Sensitivity (same bits, where they help most)</source>
        <translation>敏感度（相同比特数，用在最有帮助的地方）</translation>
    </message>
    <message>
        <location filename="../app/studio/allocation_choice.cpp" line="19"/>
        <source>Sensitivity, and 2, 3 or 4 base bits per linear (mixed precision)</source>
        <translation>敏感度，并为每个线性层选择 2、3 或 4 位基础位宽（混合精度）</translation>
    </message>
</context>
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
        <location filename="../app/studio/chat_page.cpp" line="40"/>
        <source>Completion</source>
        <translation>续写</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="40"/>
        <source>Chat</source>
        <translation>聊天</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="41"/>
        <source>No model open.</source>
        <translation>未打开模型。</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="43"/>
        <source>Side by side with the quantized model</source>
        <translation>与量化模型并排</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="45"/>
        <source>New Chat</source>
        <translation>新聊天</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="47"/>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="58"/>
        <source>Full precision</source>
        <translation>全精度</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="72"/>
        <location filename="../app/studio/chat_page.cpp" line="164"/>
        <source>Prompt (empty: start from the beginning-of-text token)</source>
        <translation>提示词（留空：从文本起始标记开始）</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="88"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="106"/>
        <source>8-bit activations</source>
        <translation>8 位激活</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="113"/>
        <source>Packed models: round activations to 8 bits per 128 columns (as llama.cpp does) instead of 15, for a faster decode whose outputs differ a little more from the float model&apos;s</source>
        <translation>打包模型：每 128 列将激活舍入到 8 位（与 llama.cpp 相同）而不是 15 位，解码更快，输出与浮点模型的差异略大</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="115"/>
        <source>Needs a CPU with AVX-512 VNNI and VBMI (the avx512vnni kernels); this one runs %1</source>
        <translation>需要支持 AVX-512 VNNI 和 VBMI 的 CPU（avx512vnni 内核）；此 CPU 运行 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="117"/>
        <source>16-bit KV cache</source>
        <translation>16 位 KV 缓存</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="119"/>
        <source>Keep past keys and values in bfloat16: half the memory, and a faster decode at long contexts; each value rounded to 8 significant bits</source>
        <translation>以 bfloat16 保存过去的键和值：内存减半，长上下文解码更快；每个值舍入为 8 位有效位</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="121"/>
        <source>Temperature</source>
        <translation>温度</translation>
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
        <translation>重复惩罚</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="129"/>
        <source>Max tokens</source>
        <translation>最大标记数</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="131"/>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="138"/>
        <location filename="../app/studio/chat_page.cpp" line="162"/>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="140"/>
        <source>Answer the prompt</source>
        <translation>回答提示</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="142"/>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="162"/>
        <source>&amp;Send</source>
        <translation>发送(&amp;S)</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="163"/>
        <source>Your message</source>
        <translation>您的消息</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="172"/>
        <source>%1 (%2; chat template: %3)</source>
        <translation>%1（%2；聊天模板：%3）</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="173"/>
        <source>float</source>
        <translation>浮点</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="175"/>
        <source>%1, the model&apos;s own cannot be used</source>
        <translation>%1，无法使用模型自带的模板</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="183"/>
        <source>Quantized: %1 %2-bit, %3 bits/weight</source>
        <translation>已量化：%1 %2 位，每权重 %3 位</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="209"/>
        <source>prompt %1 tokens at %2 tokens/s</source>
        <translation>提示 %1 个标记，%2 标记/秒</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="241"/>
        <source>Answer with the float model, then with its quantized version</source>
        <translation>先用浮点模型回答，再用其量化版本回答</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="242"/>
        <source>Needs the float model open and a quantized model of it from the Quantize page</source>
        <translation>需要打开浮点模型，并在“量化”页面得到它的量化模型</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="272"/>
        <source>Generating</source>
        <translation>正在生成</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="253"/>
        <source>You: %1</source>
        <translation>你：%1</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="205"/>
        <source>%1 tokens, %2 tokens/s on %4 (stopped: %3)</source>
        <translation>%1 个标记，%2 标记/秒，运行于 %4（停止原因：%3）</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="253"/>
        <source>Model: </source>
        <translation>模型：</translation>
    </message>
</context>
<context>
    <name>ComparePage</name>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="194"/>
        <source>Methods</source>
        <translation>方法</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="196"/>
        <source>Full precision</source>
        <translation>全精度</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="208"/>
        <source>RTN and OPTQ bits</source>
        <translation>RTN 与 OPTQ 位数</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="211"/>
        <source>OWQ target bits</source>
        <translation>OWQ 目标位数</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="214"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="216"/>
        <source>Calibration Text</source>
        <translation>校准文本</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="218"/>
        <source>Evaluation Text</source>
        <translation>评估文本</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="220"/>
        <source>Calibration file</source>
        <translation>校准文件</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="221"/>
        <source>Evaluation file</source>
        <translation>评估文件</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="222"/>
        <source>Multiple-Choice Tasks (JSONL)</source>
        <translation>多项选择任务 (JSONL)</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="224"/>
        <source>Optional: a JSONL file of {&quot;context&quot;, &quot;choices&quot;, &quot;label&quot;} items (as HellaSwag, ARC or PIQA exports); every row is also scored by acc and acc_norm</source>
        <translation>可选：由 {&quot;context&quot;, &quot;choices&quot;, &quot;label&quot;} 条目组成的 JSONL 文件（如 HellaSwag、ARC 或 PIQA 的导出格式）；每一行还会计算 acc 和 acc_norm</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="226"/>
        <source>Choice tasks (optional)</source>
        <translation>选择题任务（可选）</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="231"/>
        <source>Samples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="235"/>
        <location filename="../app/studio/compare_page.cpp" line="240"/>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="236"/>
        <source>Sequence length</source>
        <translation>序列长度</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="241"/>
        <source>Evaluation sequence length</source>
        <translation>评估序列长度</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="244"/>
        <source>Uniform</source>
        <translation>均匀</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="245"/>
        <source>Reference (official OWQ code)</source>
        <translation>参考（官方 OWQ 代码）</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="246"/>
        <source>How calibration windows are drawn: uniformly, or exactly as the official OWQ code draws them (Python&apos;s random with the same seed)</source>
        <translation>校准窗口的抽取方式：均匀抽取，或与官方 OWQ 代码完全相同（相同随机种子的 Python random）</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="248"/>
        <source>Window sampling</source>
        <translation>窗口采样</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="253"/>
        <source>OWQ allocation</source>
        <translation>OWQ 分配</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="252"/>
        <source>Where the OWQ rows&apos; weak-column bits go, as on the Quantize page</source>
        <translation>OWQ 行的弱列比特分配方式（与量化页相同）</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="254"/>
        <source>Show cached results when the settings match</source>
        <translation>设置相同时显示缓存结果</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="260"/>
        <source>&amp;Compare</source>
        <translation>比较(&amp;C)</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="262"/>
        <source>Run the comparison</source>
        <translation>运行比较</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="264"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="271"/>
        <source>Copy as CSV</source>
        <translation>复制为 CSV</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="272"/>
        <source>Copy as Markdown</source>
        <translation>复制为 Markdown</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="273"/>
        <source>Save Chart...</source>
        <translation>保存图表...</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="279"/>
        <source>Open a model to compare methods on it.</source>
        <translation>请打开一个模型以比较各方法。</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="288"/>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="288"/>
        <source>Bits</source>
        <translation>位数</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="288"/>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="288"/>
        <source>Bits/weight</source>
        <translation>位/权重</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="289"/>
        <source>Weak columns</source>
        <translation>弱列</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="289"/>
        <location filename="../app/studio/compare_page.cpp" line="320"/>
        <location filename="../app/studio/compare_page.cpp" line="591"/>
        <source>Perplexity</source>
        <translation>困惑度</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="290"/>
        <source>Seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="639"/>
        <source>acc and acc_norm on %1 (FNV-1a %2), %3 items.</source>
        <translation>%1（FNV-1a %2）上的 acc 和 acc_norm，共 %3 项。</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="148"/>
        <source>Evaluated on %1 (FNV-1a %2): %3 tokens with BOS %4%5, windows of %6 tokens every %7, %8 tokens predicted.</source>
        <translation>在 %1 上评估（FNV-1a %2）：%3 个词元，BOS %4%5，每 %7 个词元一个 %6 词元的窗口，预测 %8 个词元。</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="162"/>
        <source>Full precision is the reference of the KL divergence.</source>
        <translation>全精度是 KL 散度的参照。</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="163"/>
        <source>KL divergence from full precision per predicted token: mean %1, median %2, 99th percentile %3, max %4; top-1 agreement %5% of %6 tokens.</source>
        <translation>相对全精度的每个预测词元的 KL 散度：均值 %1，中位数 %2，第 99 百分位数 %3，最大值 %4；%6 个词元中 top-1 一致率 %5%。</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="172"/>
        <source> Against the %1 most likely tokens of full precision per position and the rest as one (its vocabulary is large; a lower bound of the whole KL).</source>
        <translation> 针对全精度每个位置最可能的 %1 个词元，其余合为一项（词表很大；是完整 KL 的下界）。</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="289"/>
        <source>KLD mean</source>
        <translation>KLD 均值</translation>
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
        <translation>该行下一个词元的分布相对全精度分布的平均 KL 散度，按每个预测词元计（nats）</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="303"/>
        <source>99th percentile of the per-token KL divergence</source>
        <translation>每个词元 KL 散度的第 99 百分位数</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="306"/>
        <source>Share of predicted tokens where the row&apos;s most likely next token is full precision&apos;s</source>
        <translation>该行最可能的下一个词元与全精度相同的预测词元所占比例</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="321"/>
        <source>KL divergence (mean)</source>
        <translation>KL 散度（均值）</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="322"/>
        <source>What the chart plots against bits per weight</source>
        <translation>图表相对每权重位数绘制的量</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="323"/>
        <source>Plot</source>
        <translation>绘图</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="591"/>
        <source>KL divergence from full precision (mean, nats)</source>
        <translation>相对全精度的 KL 散度（均值，nats）</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="346"/>
        <source>Save Chart</source>
        <translation>保存图表</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="158"/>
        <source> Run layer by layer (one decoder layer in memory at a time).</source>
        <translation> 逐层运行（内存中一次只保留一个解码器层）。</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="178"/>
        <source>Multiple-choice accuracy on %1 (FNV-1a %2), %3 items: acc %4 +- %5, acc_norm %6 +- %7 (standard errors over items; acc_norm divides each choice&apos;s log-likelihood by its length in characters).</source>
        <translation>%1（FNV-1a %2）上的多项选择准确率，共 %3 项：acc %4 +- %5，acc_norm %6 +- %7（按条目计算的标准误差；acc_norm 将每个选项的对数似然除以其字符长度）。</translation>
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
        <translation>多项选择准确率：最可能的选项（对数似然之和）即为正确答案的条目比例</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="295"/>
        <source>Multiple-choice accuracy with each choice&apos;s log-likelihood divided by its length in characters</source>
        <translation>将每个选项的对数似然除以其字符长度后的多项选择准确率</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="352"/>
        <source>Could not write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="354"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="362"/>
        <source>Ready to compare methods on %1.</source>
        <translation>已准备好在 %1 上比较各方法。</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="363"/>
        <source>%1 is already quantized; compare starts from a float checkpoint.</source>
        <translation>%1 已经量化；比较需要从浮点检查点开始。</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="370"/>
        <source>%1 (%2 of %3 rows): %4</source>
        <translation>%1（第 %2 行，共 %3 行）：%4</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="382"/>
        <source>Finished: %1 rows.</source>
        <translation>完成：%1 行。</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="384"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="384"/>
        <source>Failed.</source>
        <translation>失败。</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="429"/>
        <source>Choose a calibration file and an evaluation file first.</source>
        <translation>请先选择校准文件和评估文件。</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="449"/>
        <source>OWQ target bits must be numbers like 3.1, 4.1 (got &apos;%1&apos;).</source>
        <translation>OWQ 目标位数必须是 3.1、4.1 这样的数字（收到“%1”）。</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="477"/>
        <source>Cached results (%1 rows); untick the cache option to run again.</source>
        <translation>缓存结果（%1 行）；取消勾选缓存选项即可重新运行。</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="480"/>
        <source>Comparing methods on %1</source>
        <translation>正在 %1 上比较各方法</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="483"/>
        <source>Running...</source>
        <translation>运行中...</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="573"/>
        <source>full precision: %1</source>
        <translation>全精度：%1</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="590"/>
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
        <location filename="../app/studio/export_page.cpp" line="25"/>
        <location filename="../app/studio/export_page.cpp" line="58"/>
        <source>Export the quantized model</source>
        <translation>导出量化模型</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="32"/>
        <source>OWQ packed (owq-studio, owq; docs/FORMAT.md)</source>
        <translation>OWQ 打包格式（owq-studio、owq；docs/FORMAT.md）</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="34"/>
        <source>Fake-quantized float32 (any Hugging Face loader)</source>
        <translation>伪量化 float32（任意 Hugging Face 加载器）</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="36"/>
        <source>Hugging Face float16 (dequantized)</source>
        <translation>Hugging Face float16（反量化）</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="38"/>
        <source>GPTQ checkpoint + LoRA adapter for the weak columns</source>
        <translation>GPTQ 检查点 + 弱列的 LoRA 适配器</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="43"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="44"/>
        <source>Export Folder</source>
        <translation>导出文件夹</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="46"/>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="48"/>
        <source>The folder must be new or empty; an existing folder is replaced only after you confirm. A model card (README.md) and owq_diagnostics.json are written with the model.</source>
        <translation>文件夹必须是新的或空的；已有文件夹只有在您确认后才会被替换。模型卡（README.md）和 owq_diagnostics.json 会与模型一同写入。</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="56"/>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="59"/>
        <source>Open the Export in the Model Page</source>
        <translation>在模型页面中打开导出结果</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="92"/>
        <source>Wrote %1 (%2, %3)</source>
        <translation>已写入 %1（%2，%3）</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="104"/>
        <source>A quantized model is ready to export.</source>
        <translation>量化模型已可导出。</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="105"/>
        <source>Nothing to export yet: quantize a model on the Quantize page first.</source>
        <translation>暂无可导出的内容：请先在“量化”页面量化一个模型。</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="112"/>
        <location filename="../app/studio/export_page.cpp" line="117"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="112"/>
        <source>Choose an export folder first.</source>
        <translation>请先选择导出文件夹。</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="117"/>
        <source>%1 is a file, not a folder.</source>
        <translation>%1 是文件，不是文件夹。</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="122"/>
        <source>Replace Folder?</source>
        <translation>替换文件夹？</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="123"/>
        <source>%1 already exists and is not empty. Replace its contents with the export?</source>
        <translation>%1 已存在且不为空。要用导出结果替换其内容吗？</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="137"/>
        <source>Exporting to %1</source>
        <translation>正在导出到 %1</translation>
    </message>
</context>
<context>
    <name>InspectPage</name>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="45"/>
        <source>Error before (RTN)</source>
        <translation>优化前误差（RTN）</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="45"/>
        <source>Error after</source>
        <translation>优化后误差</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="45"/>
        <source>Error reduction (before / after)</source>
        <translation>误差降低（前 / 后）</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="46"/>
        <source>Weak columns</source>
        <translation>弱列</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="46"/>
        <source>Bits per weight</source>
        <translation>每权重位数</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="47"/>
        <location filename="../app/studio/inspect_page.cpp" line="79"/>
        <source>Log scale</source>
        <translation>对数刻度</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="49"/>
        <source>Save Chart...</source>
        <translation>保存图表...</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="50"/>
        <source>Per linear</source>
        <translation>按线性层</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="66"/>
        <source>Weak columns per decoder layer (rows) and linear (columns)</source>
        <translation>每个解码层（行）和线性层（列）的弱列数</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="78"/>
        <source>Natural order</source>
        <translation>自然顺序</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="78"/>
        <source>Sorted by H diagonal</source>
        <translation>按 H 对角线排序</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="81"/>
        <source>Save Plot...</source>
        <translation>保存图...</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="82"/>
        <source>Linear</source>
        <translation>线性层</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="88"/>
        <location filename="../app/studio/inspect_page.cpp" line="142"/>
        <source>Quantize a model to inspect it.</source>
        <translation>请先量化模型再进行检查。</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="216"/>
        <source>layer %1</source>
        <translation>第 %1 层</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="241"/>
        <source>%1: %2 x %3, %4 weak columns, %5 bits/weight, error %6 -&gt; %7</source>
        <translation>%1：%2 x %3，%4 个弱列，%5 位/权重，误差 %6 -&gt; %7</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="293"/>
        <location filename="../app/studio/inspect_page.cpp" line="306"/>
        <source>H diagonal</source>
        <translation>H 对角线</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="299"/>
        <source>Weak columns (fp16)</source>
        <translation>弱列（fp16）</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="305"/>
        <source>Rank by H diagonal</source>
        <translation>按 H 对角线排名</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="305"/>
        <source>Input column</source>
        <translation>输入列</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="333"/>
        <source>column %1: H diagonal %2</source>
        <translation>第 %1 列：H 对角线 %2</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="334"/>
        <source> (weak, kept in fp16)</source>
        <translation>（弱列，保留为 fp16）</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="348"/>
        <source>Save Plot</source>
        <translation>保存图</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="353"/>
        <source>Could not write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="355"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
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
        <translation>量化</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="87"/>
        <source>Inspect</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="87"/>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="88"/>
        <source>Chat</source>
        <translation>聊天</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="88"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="88"/>
        <source>Tune</source>
        <translation>微调</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="94"/>
        <source>%1 (Ctrl+%2)</source>
        <translation>%1（Ctrl+%2）</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="108"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="110"/>
        <source>Cancel the running job (Esc)</source>
        <translation>取消正在运行的任务 (Esc)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="143"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="144"/>
        <source>&amp;Open Model Folder...</source>
        <translation>打开模型文件夹(&amp;O)...</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="146"/>
        <source>Open &amp;Demo Model</source>
        <translation>打开演示模型(&amp;D)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="148"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="154"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="160"/>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="161"/>
        <source>&amp;Settings...</source>
        <translation>设置(&amp;S)...</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="176"/>
        <source>Language saved: restart OWQ Studio to use it.</source>
        <translation>语言已保存：重新启动 OWQ Studio 后生效。</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="168"/>
        <source>&amp;Job</source>
        <translation>任务(&amp;J)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="169"/>
        <source>&amp;Cancel Running Job</source>
        <translation>取消正在运行的任务(&amp;C)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="87"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="112"/>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
</context>
<context>
    <name>ModelPage</name>
    <message>
        <location filename="../app/studio/model_page.cpp" line="25"/>
        <source>Open Model Folder...</source>
        <translation>打开模型文件夹...</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="27"/>
        <source>Open Demo Model</source>
        <translation>打开演示模型</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="31"/>
        <source>Recent models (double-click to open)</source>
        <translation>最近的模型（双击打开）</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="38"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="41"/>
        <source>Open a model folder (File &gt; Open, or drop it here), or the demo model. Packed OWQ folders open too.</source>
        <translation>打开模型文件夹（文件 &gt; 打开，或拖放到此处），或打开演示模型。也可以打开 OWQ 打包文件夹。</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="64"/>
        <source>Loaded %1 in %2 s</source>
        <translation>已加载 %1，用时 %2 秒</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="93"/>
        <source>Open Model Folder</source>
        <translation>打开模型文件夹</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="99"/>
        <source>Loading %1</source>
        <translation>正在加载 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="111"/>
        <source>Building the demo model (about two minutes)</source>
        <translation>正在构建演示模型（约两分钟）</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="125"/>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="126"/>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="127"/>
        <source>Family</source>
        <translation>模型系列</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="128"/>
        <source>Linears per layer</source>
        <translation>每层的线性层</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="129"/>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="130"/>
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="131"/>
        <source>Hidden size</source>
        <translation>隐藏层大小</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="132"/>
        <source>Heads (KV heads)</source>
        <translation>注意力头（KV 头）</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="133"/>
        <source>Vocabulary</source>
        <translation>词表</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="134"/>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="135"/>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="136"/>
        <source>%1, %2 on disk</source>
        <translation>%1，磁盘占用 %2</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="137"/>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="137"/>
        <source>none (float)</source>
        <translation>无（浮点）</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="138"/>
        <source>Memory estimate</source>
        <translation>内存估算</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="139"/>
        <source>Tokenizer</source>
        <translation>分词器</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="139"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="141"/>
        <source>Chat template</source>
        <translation>聊天模板</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="143"/>
        <source>%1 (the model&apos;s own template cannot be used: %2)</source>
        <translation>%1（无法使用模型自带的模板：%2）</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="162"/>
        <source>Embeddings</source>
        <translation>嵌入</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="162"/>
        <source>Embeddings + head</source>
        <translation>嵌入 + 输出头</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="163"/>
        <source>Attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="164"/>
        <source>MLP</source>
        <translation>MLP</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="167"/>
        <source>Parameters (millions)</source>
        <translation>参数（百万）</translation>
    </message>
</context>
<context>
    <name>ModelService</name>
    <message>
        <location filename="../app/studio/model_service.cpp" line="21"/>
        <source>Loading %1</source>
        <translation>正在加载 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="49"/>
        <source>%1 %2-bit, %3, %4 bits/weight</source>
        <translation>%1 %2 位，%3，%4 位/权重</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="52"/>
        <source>packed</source>
        <translation>打包</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="52"/>
        <source>fake-quantized</source>
        <translation>伪量化</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="61"/>
        <source>the model&apos;s own (Jinja)</source>
        <translation>模型自带（Jinja）</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="62"/>
        <source>built-in %1</source>
        <translation>内置 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="73"/>
        <source>Building the demo model in %1</source>
        <translation>正在 %1 中构建演示模型</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="92"/>
        <source>Open a model first.</source>
        <translation>请先打开模型。</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="95"/>
        <source>Quantize the model first to answer side by side.</source>
        <translation>请先量化模型，才能并排回答。</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="126"/>
        <source>, 16-bit KV cache</source>
        <translation>，16 位 KV 缓存</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="90"/>
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
    <name>PlotExport</name>
    <message>
        <location filename="../app/studio/plot_export.cpp" line="30"/>
        <source>PNG image (*.png);;PDF document (*.pdf);;SVG drawing (*.svg)</source>
        <translation>PNG 图像 (*.png);;PDF 文档 (*.pdf);;SVG 矢量图 (*.svg)</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../app/studio/allocation_heatmap.cpp" line="100"/>
        <source>Weak columns</source>
        <translation>弱列</translation>
    </message>
    <message>
        <location filename="../app/studio/allocation_heatmap.cpp" line="100"/>
        <source>Bits per weight</source>
        <translation>每权重位数</translation>
    </message>
</context>
<context>
    <name>QuantService</name>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="47"/>
        <source>Quantizing %1</source>
        <translation>正在量化 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="49"/>
        <source>Recipe: %1</source>
        <translation>配方：%1</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="56"/>
        <source>Done: %1 bits/weight, %2 weak columns, %3 calibration tokens, %4 s</source>
        <translation>完成：%1 位/权重，%2 个弱列，%3 个校准标记，%4 秒</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="112"/>
        <source>Exporting to %1</source>
        <translation>正在导出到 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="114"/>
        <source>Quantize a model first.</source>
        <translation>请先量化模型。</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="119"/>
        <source>%1 already exists and is not empty</source>
        <translation>%1 已存在且不为空</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="162"/>
        <source>Unknown export format %1</source>
        <translation>未知的导出格式 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="164"/>
        <source>Cannot replace %1</source>
        <translation>无法替换 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="168"/>
        <source>Cannot move %1 to %2</source>
        <translation>无法将 %1 移动到 %2</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="169"/>
        <source>Exported %1 to %2</source>
        <translation>已将 %1 导出到 %2</translation>
    </message>
</context>
<context>
    <name>QuantizePage</name>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="42"/>
        <source>Method and bit budget</source>
        <translation>方法与位预算</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="46"/>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="46"/>
        <source>OWQ 3.01 bits (paper)</source>
        <translation>OWQ 3.01 位（论文）</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="46"/>
        <source>OWQ 4.01 bits (paper)</source>
        <translation>OWQ 4.01 位（论文）</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="47"/>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="50"/>
        <source>OWQ (weak columns in fp16)</source>
        <translation>OWQ（弱列为 fp16）</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="51"/>
        <source>OPTQ / GPTQ</source>
        <translation>OPTQ / GPTQ</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="52"/>
        <source>RTN (round to nearest)</source>
        <translation>RTN（四舍五入到最近值）</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="53"/>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="58"/>
        <source>Base bits</source>
        <translation>基础位数</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="61"/>
        <location filename="../app/studio/quantize_page.cpp" line="80"/>
        <source>Target bits</source>
        <translation>目标位数</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="61"/>
        <source>Weak columns per linear</source>
        <translation>每个线性层的弱列数</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="62"/>
        <source>Budget</source>
        <translation>预算</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="66"/>
        <source>Sensitivity spends the bits the reference rule would spend on weak columns across all linears by their measured sensitivity (a float pass over the calibration windows before quantizing); mixed precision also chooses each linear&apos;s base bit width under the same total</source>
        <translation>敏感度分配按测得的敏感度，把参考规则用于弱列的比特分配到所有线性层（量化前对校准窗口做一次浮点前向）；混合精度还会在相同总量下为每个线性层选择基础位宽</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="70"/>
        <source>Allocation</source>
        <translation>分配</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="84"/>
        <location filename="../app/studio/quantize_page.cpp" line="91"/>
        <location filename="../app/studio/quantize_page.cpp" line="380"/>
        <source>Weak columns</source>
        <translation>弱列</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="87"/>
        <source>Plan (before running)</source>
        <translation>计划（运行前）</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="91"/>
        <source>Linear</source>
        <translation>线性层</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="91"/>
        <source>Input features</source>
        <translation>输入特征数</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="101"/>
        <source>Open a model to see the plan.</source>
        <translation>请打开模型以查看计划。</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="107"/>
        <source>Quantizer and calibration</source>
        <translation>量化器与校准</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="113"/>
        <source>per output channel</source>
        <translation>按输出通道</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="114"/>
        <source>Group size</source>
        <translation>分组大小</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="115"/>
        <source>Process columns by decreasing Hessian diagonal</source>
        <translation>按 Hessian 对角线从大到小处理列</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="117"/>
        <source>Act-order</source>
        <translation>激活顺序（act-order）</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="118"/>
        <source>Also try each grid&apos;s range shrunk to 95-80%, keep the best per row</source>
        <translation>同时尝试将每个网格的范围缩小到 95-80%，每行保留最佳结果</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="121"/>
        <source>Solves every linear five times and keeps, for each output row, the solve with the least layer error on the calibration data. Five times the solve time; helps most at 2 and 3 bits.</source>
        <translation>对每个线性层求解五次，并为每个输出行保留在校准数据上层误差最小的解。求解时间为五倍；在 2 位和 3 位时帮助最大。</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="124"/>
        <source>Clip search</source>
        <translation>裁剪搜索</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="127"/>
        <source>MSE grid search</source>
        <translation>MSE 网格搜索</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="127"/>
        <source>Min-max</source>
        <translation>最小-最大</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="128"/>
        <source>Scale search</source>
        <translation>缩放搜索</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="131"/>
        <source>As the model stores it</source>
        <translation>按模型原样存储</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="132"/>
        <source>float32</source>
        <translation>float32</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="133"/>
        <source>bfloat16 (half the bytes)</source>
        <translation>bfloat16（字节数减半）</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="134"/>
        <source>int8 per row (a quarter of the bytes, format version 2)</source>
        <translation>逐行 int8（四分之一字节，格式版本 2）</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="135"/>
        <source>How the packed model keeps the LM head (the embedding too when they are tied). Decoding reads the whole head for every token, so a cheaper head decodes faster.</source>
        <translation>打包模型保存 LM 头的方式（与嵌入层绑定时也包括嵌入层）。解码时每个词元都要读取整个头，因此更小的头解码更快。</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="137"/>
        <source>LM head</source>
        <translation>LM 头</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="138"/>
        <source>Calibration Text</source>
        <translation>校准文本</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="140"/>
        <source>Calibration file</source>
        <translation>校准文件</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="145"/>
        <source>Samples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="149"/>
        <source>default: min(2048, context)</source>
        <translation>默认：min(2048, 上下文)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="150"/>
        <source>Sequence length</source>
        <translation>序列长度</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="154"/>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="157"/>
        <source>Uniform</source>
        <translation>均匀</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="158"/>
        <source>Reference (official OWQ code)</source>
        <translation>参考（官方 OWQ 代码）</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="159"/>
        <source>How calibration windows are drawn: uniformly, or exactly as the official OWQ code draws them (Python&apos;s random with the same seed)</source>
        <translation>校准窗口的抽取方式：均匀抽取，或与官方 OWQ 代码完全相同（相同随机种子的 Python random）</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="161"/>
        <source>Window sampling</source>
        <translation>窗口采样</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="167"/>
        <source>&amp;Quantize</source>
        <translation>量化(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="169"/>
        <source>Quantize the open model</source>
        <translation>量化已打开的模型</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="171"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="178"/>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="181"/>
        <source>Decoder layer</source>
        <translation>解码器层</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="186"/>
        <source>Overall</source>
        <translation>总体</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="236"/>
        <source>Quantized: %1 bits/weight achieved, %2 weak columns in all, %3 s. See Inspect and Export.</source>
        <translation>量化完成：达到 %1 位/权重，共 %2 个弱列，%3 秒。请查看“检查”和“导出”页面。</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="250"/>
        <source>Finished in %1</source>
        <translation>用时 %1 完成</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="256"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="256"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="258"/>
        <source>Cancelled; no quantized model is kept.</source>
        <translation>已取消；不保留任何量化模型。</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="258"/>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="349"/>
        <source>%1 is already quantized; open a float checkpoint to quantize it.</source>
        <translation>%1 已经量化；要量化请打开浮点检查点。</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="392"/>
        <source>%1 weak columns in all (%2 layers); %3 bits per weight achieved (storage of the decoder linears, scales and weak columns included)</source>
        <translation>共 %1 个弱列（%2 层）；达到每权重 %3 位（按解码器线性层的存储计算，包含缩放因子和弱列）</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="398"/>
        <source> Sensitivity allocation moves these bits between linears after a float pass over the calibration text; the heatmap shows its counts after the run.</source>
        <translation> 敏感度分配会在对校准文本做一次浮点前向后，在线性层之间移动这些比特；热图显示运行后的数量。</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="407"/>
        <source>Choose a calibration text file first.</source>
        <translation>请先选择校准文本文件。</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="410"/>
        <source>Quantizing %1</source>
        <translation>正在量化 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="452"/>
        <source>Stage: %1</source>
        <translation>阶段：%1</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="475"/>
        <source>Elapsed %1</source>
        <translation>已用时 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="478"/>
        <source>, about %1 remaining</source>
        <translation>，约剩 %1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../app/studio/settings_dialog.cpp" line="26"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../app/studio/settings_dialog.cpp" line="29"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../app/studio/settings_dialog.cpp" line="35"/>
        <source>User interface language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location filename="../app/studio/settings_dialog.cpp" line="36"/>
        <source>A new language takes effect when OWQ Studio restarts.</source>
        <translation>新语言在 OWQ Studio 重新启动后生效。</translation>
    </message>
    <message>
        <location filename="../app/studio/settings_dialog.cpp" line="42"/>
        <source>Stored results</source>
        <translation>已保存的结果</translation>
    </message>
    <message>
        <location filename="../app/studio/settings_dialog.cpp" line="46"/>
        <source>Forget Cached Comparisons</source>
        <translation>清除缓存的比较</translation>
    </message>
    <message>
        <location filename="../app/studio/settings_dialog.cpp" line="67"/>
        <source>Cached comparisons: %1</source>
        <translation>缓存的比较：%1</translation>
    </message>
</context>
<context>
    <name>TunePage</name>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="66"/>
        <source>Model and data</source>
        <translation>模型与数据</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="68"/>
        <source>Packed OWQ Model Folder</source>
        <translation>打包的 OWQ 模型文件夹</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="70"/>
        <source>A packed OWQ folder; the packed model opened in the studio is filled in.</source>
        <translation>打包的 OWQ 文件夹；会自动填入工作室中已打开的打包模型。</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="71"/>
        <source>Packed model</source>
        <translation>打包模型</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="72"/>
        <source>Task Data</source>
        <translation>任务数据</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="74"/>
        <source>Plain text, or JSONL with one {&quot;prompt&quot;: ..., &quot;response&quot;: ...} per line</source>
        <translation>纯文本，或每行一个 {&quot;prompt&quot;: ..., &quot;response&quot;: ...} 的 JSONL</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="75"/>
        <source>Task data</source>
        <translation>任务数据</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="78"/>
        <source>By file name (.jsonl: prompt/response)</source>
        <translation>按文件名（.jsonl：提示/回答）</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="79"/>
        <source>Plain text</source>
        <translation>纯文本</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="80"/>
        <source>JSONL prompt/response</source>
        <translation>JSONL 提示/回答</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="81"/>
        <source>Data format</source>
        <translation>数据格式</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="82"/>
        <source>Evaluation Data</source>
        <translation>评估数据</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="84"/>
        <source>optional: the last 10% of the task data</source>
        <translation>可选：任务数据的最后 10%</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="85"/>
        <source>Evaluation data</source>
        <translation>评估数据</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="88"/>
        <source>Optimisation (AdamW on the weak columns)</source>
        <translation>优化（对弱列使用 AdamW）</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="91"/>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="98"/>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="100"/>
        <source>Warm-up steps</source>
        <translation>预热步数</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="103"/>
        <source>Cosine</source>
        <translation>余弦</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="104"/>
        <source>Linear</source>
        <translation>线性</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="105"/>
        <source>Constant</source>
        <translation>常数</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="106"/>
        <source>Decay</source>
        <translation>衰减</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="108"/>
        <source>Batch (sequences)</source>
        <translation>批大小（序列）</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="110"/>
        <source>Sequence length</source>
        <translation>序列长度</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="112"/>
        <source>Accumulation (batches per step)</source>
        <translation>累积（每步批次数）</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="117"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="118"/>
        <source>Gradient clipping</source>
        <translation>梯度裁剪</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="120"/>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="122"/>
        <source>More trainable columns per linear (needs per-channel quantization)</source>
        <translation>每个线性层更多可训练列（需要逐通道量化）</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="123"/>
        <source>Extra weak columns</source>
        <translation>额外弱列</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="126"/>
        <source>Evaluation, checkpoints and output</source>
        <translation>评估、检查点与输出</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="129"/>
        <source>first and last step only</source>
        <translation>仅第一步和最后一步</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="130"/>
        <source>Evaluate every</source>
        <translation>评估间隔</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="132"/>
        <source>no checkpoints</source>
        <translation>不保存检查点</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="133"/>
        <source>Checkpoints go to the output folder&apos;s name + .checkpoints</source>
        <translation>检查点保存在输出文件夹名 + .checkpoints 中</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="134"/>
        <source>Checkpoint every</source>
        <translation>检查点间隔</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="135"/>
        <source>Checkpoint Folder</source>
        <translation>检查点文件夹</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="138"/>
        <source>optional: a checkpoint folder to continue from</source>
        <translation>可选：从中继续的检查点文件夹</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="139"/>
        <source>Resume from</source>
        <translation>从此继续</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="140"/>
        <source>Output Folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="142"/>
        <source>a new or empty folder</source>
        <translation>新的或空的文件夹</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="143"/>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="144"/>
        <source>LoRA Adapter Folder</source>
        <translation>LoRA 适配器文件夹</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="146"/>
        <source>optional: also export GPTQ + LoRA adapter here</source>
        <translation>可选：同时在此导出 GPTQ + LoRA 适配器</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="147"/>
        <source>LoRA adapter output</source>
        <translation>LoRA 适配器输出</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="153"/>
        <source>Before running (computed by core)</source>
        <translation>运行前（由核心计算）</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="155"/>
        <location filename="../app/studio/tune_page.cpp" line="308"/>
        <source>Choose a packed model to see what tuning it trains and needs.</source>
        <translation>选择一个打包模型，查看微调训练哪些参数以及需要多少资源。</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="161"/>
        <source>Trainable parameters</source>
        <translation>可训练参数</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="161"/>
        <source>Peak memory</source>
        <translation>峰值内存</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="169"/>
        <source>&amp;Tune</source>
        <translation>微调(&amp;T)</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="171"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="178"/>
        <source>Tune the weak columns</source>
        <translation>微调弱列</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="179"/>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="194"/>
        <source>training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="195"/>
        <source>evaluation loss</source>
        <translation>评估损失</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="196"/>
        <source>Step</source>
        <translation>步</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="197"/>
        <source>Cross-entropy (nats/token)</source>
        <translation>交叉熵（nats/词元）</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="222"/>
        <source>Open the Tuned Model</source>
        <translation>打开微调后的模型</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="238"/>
        <source>No estimate: %1</source>
        <translation>无法估计：%1</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="311"/>
        <source>Computing...</source>
        <translation>计算中...</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="323"/>
        <source>Weak column tuning trains %1 of the model&apos;s %2 parameters (%3%); a LoRA on every decoder linear with as many parameters has rank %4. Peak memory for a batch of %5 x %6 tokens:</source>
        <translation>弱列微调训练模型 %2 个参数中的 %1 个（%3%）；参数量相同、作用于每个解码器线性层的 LoRA 秩为 %4。%5 x %6 词元批次的峰值内存：</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="338"/>
        <source>Weak column tuning</source>
        <translation>弱列微调</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="339"/>
        <source>LoRA of equal size, packed base</source>
        <translation>同等大小的 LoRA，打包基座</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="340"/>
        <source>LoRA of equal size, fp16 base</source>
        <translation>同等大小的 LoRA，fp16 基座</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="341"/>
        <source>Full fine-tuning (float32)</source>
        <translation>全量微调（float32）</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="355"/>
        <source>Tune</source>
        <translation>微调</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="362"/>
        <source>Choose a packed OWQ model folder first (open one in the Model page, or browse).</source>
        <translation>请先选择打包的 OWQ 模型文件夹（在“模型”页面打开，或浏览选择）。</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="366"/>
        <source>Choose a task data file first.</source>
        <translation>请先选择任务数据文件。</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="370"/>
        <source>Choose an output folder first.</source>
        <translation>请先选择输出文件夹。</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="379"/>
        <source>%1 already exists and is not empty; choose a new or empty folder.</source>
        <translation>%1 已存在且不为空；请选择新的或空的文件夹。</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="382"/>
        <source>Tuning %1</source>
        <translation>正在微调 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="398"/>
        <source>Starting...</source>
        <translation>正在开始...</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="432"/>
        <source>Before tuning: eval loss %1 (perplexity %2)</source>
        <translation>微调前：评估损失 %1（困惑度 %2）</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="436"/>
        <source>Step %1: loss %2, eval loss %3 (perplexity %4), learning rate %5</source>
        <translation>第 %1 步：损失 %2，评估损失 %3（困惑度 %4），学习率 %5</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="467"/>
        <source>Elapsed %1</source>
        <translation>已用 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="471"/>
        <source>, about %1 remaining</source>
        <translation>，约剩 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="483"/>
        <source>Finished in %1</source>
        <translation>用时 %1 完成</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="484"/>
        <source>Evaluation perplexity %1 before, %2 after (loss %3 -&gt; %4); %5 steps in %6; saved to %7.</source>
        <translation>评估困惑度：之前 %1，之后 %2（损失 %3 -&gt; %4）；%6 内完成 %5 步；已保存到 %7。</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="494"/>
        <source>LoRA adapter (GPTQ + PEFT) in %1.</source>
        <translation>LoRA 适配器（GPTQ + PEFT）位于 %1。</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="504"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="504"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="505"/>
        <source>Cancelled; nothing was written to %1.</source>
        <translation>已取消；未向 %1 写入任何内容。</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="505"/>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="508"/>
        <source>Checkpoints stay in %1: choose it under Resume from to continue.</source>
        <translation>检查点保留在 %1 中：在“从此继续”中选择它即可继续。</translation>
    </message>
</context>
<context>
    <name>TuneService</name>
    <message>
        <location filename="../app/studio/tune_service.cpp" line="42"/>
        <source>Tuning %1</source>
        <translation>正在微调 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_service.cpp" line="44"/>
        <source>Tuning the weak columns of %1 on %2: %3 steps, learning rate %4, %5 x %6 x %7 tokens per step</source>
        <translation>在 %2 上微调 %1 的弱列：%3 步，学习率 %4，每步 %5 x %6 x %7 个词元</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_service.cpp" line="52"/>
        <source>Resuming from %1</source>
        <translation>从 %1 继续</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_service.cpp" line="60"/>
        <source>Eval loss %1 -&gt; %2 (perplexity %3 -&gt; %4), %5 trainable parameters, %6 s</source>
        <translation>评估损失 %1 -&gt; %2（困惑度 %3 -&gt; %4），%5 个可训练参数，%6 秒</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_service.cpp" line="67"/>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_service.cpp" line="68"/>
        <source>gptq+lora export in %1</source>
        <translation>gptq+lora 导出位于 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_service.cpp" line="70"/>
        <source>Checkpoint %1</source>
        <translation>检查点 %1</translation>
    </message>
</context>
<context>
    <name>UiLanguage</name>
    <message>
        <location filename="../app/studio/ui_language.cpp" line="13"/>
        <source>System default</source>
        <translation>系统默认</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/studio/main.cpp" line="42"/>
        <source>OWQ Studio: quantize, inspect and chat with large language models</source>
        <translation>OWQ Studio：量化、检查大语言模型并与之对话</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="45"/>
        <source>Model folder to open</source>
        <translation>要打开的模型文件夹</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="47"/>
        <source>Open the demo model (built on first use)</source>
        <translation>打开演示模型（首次使用时构建）</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="49"/>
        <source>Render the window to FILE (PNG) once idle, then exit</source>
        <translation>空闲后将窗口渲染到 FILE（PNG），然后退出</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="53"/>
        <source>Show page NAME: model, quantize, inspect, compare, chat, export, tune</source>
        <translation>显示页面 NAME：model、quantize、inspect、compare、chat、export、tune</translation>
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
    <message>
        <location filename="../app/studio/main.cpp" line="70"/>
        <source>After opening a packed model, tune its weak columns on DATA into OUT</source>
        <translation>打开打包模型后，在 DATA 上微调其弱列并输出到 OUT</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="73"/>
        <source>Optimizer steps for --tune</source>
        <translation>--tune 的优化器步数</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="79"/>
        <source>With --generate: answer with the float and the quantized model</source>
        <translation>与 --generate 一起使用：用浮点模型和量化模型回答</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="82"/>
        <source>Show the settings dialog (what --screenshot then renders)</source>
        <translation>显示设置对话框（--screenshot 随后渲染它）</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="87"/>
        <source>Use a dark palette, as a dark desktop theme would (screenshots)</source>
        <translation>使用深色调色板，如同深色桌面主题（用于截图）</translation>
    </message>
</context>
</TS>
