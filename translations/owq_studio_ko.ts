<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>AllocationChoice</name>
    <message>
        <location filename="../app/studio/allocation_choice.cpp" line="14"/>
        <source>Reference rule (same count per linear type)</source>
        <translation>참조 규칙 (선형 레이어 유형별 같은 개수)</translation>
    </message>
    <message>
        <location filename="../app/studio/allocation_choice.cpp" line="17"/>
        <source>Sensitivity (same bits, where they help most)</source>
        <translation>민감도 (같은 비트를 가장 도움이 되는 곳에)</translation>
    </message>
    <message>
        <location filename="../app/studio/allocation_choice.cpp" line="19"/>
        <source>Sensitivity, and 2, 3 or 4 base bits per linear (mixed precision)</source>
        <translation>민감도, 그리고 선형 레이어마다 2, 3 또는 4 기본 비트 (혼합 정밀도)</translation>
    </message>
</context>
<context>
    <name>BusyState</name>
    <message>
        <location filename="../app/studio/job_bridge.cpp" line="60"/>
        <source>Cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <location filename="../app/studio/job_bridge.cpp" line="62"/>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
</context>
<context>
    <name>ChatPage</name>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="40"/>
        <source>Completion</source>
        <translation>이어 쓰기</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="40"/>
        <source>Chat</source>
        <translation>채팅</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="41"/>
        <source>No model open.</source>
        <translation>열린 모델이 없습니다.</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="43"/>
        <source>Side by side with the quantized model</source>
        <translation>양자화 모델과 나란히</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="45"/>
        <source>New Chat</source>
        <translation>새 채팅</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="47"/>
        <source>Mode</source>
        <translation>모드</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="58"/>
        <source>Full precision</source>
        <translation>전체 정밀도</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="72"/>
        <location filename="../app/studio/chat_page.cpp" line="164"/>
        <source>Prompt (empty: start from the beginning-of-text token)</source>
        <translation>프롬프트 (비어 있으면 텍스트 시작 토큰부터 생성)</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="88"/>
        <source>off</source>
        <translation>끔</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="106"/>
        <source>8-bit activations</source>
        <translation>8비트 활성화</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="113"/>
        <source>Packed models: round activations to 8 bits per 128 columns (as llama.cpp does) instead of 15, for a faster decode whose outputs differ a little more from the float model&apos;s</source>
        <translation>패킹된 모델: 활성화를 128열마다 15비트 대신 8비트로 반올림합니다(llama.cpp 방식). 디코딩은 빨라지고 출력은 부동소수점 모델과 조금 더 달라집니다</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="115"/>
        <source>Needs a CPU with AVX-512 VNNI and VBMI (the avx512vnni kernels); this one runs %1</source>
        <translation>AVX-512 VNNI와 VBMI가 있는 CPU가 필요합니다(avx512vnni 커널). 이 CPU는 %1을(를) 사용합니다</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="117"/>
        <source>16-bit KV cache</source>
        <translation>16비트 KV 캐시</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="119"/>
        <source>Keep past keys and values in bfloat16: half the memory, and a faster decode at long contexts; each value rounded to 8 significant bits</source>
        <translation>지난 키와 값을 bfloat16으로 보관: 메모리는 절반, 긴 문맥에서 더 빠른 디코딩; 각 값은 유효 비트 8개로 반올림</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="121"/>
        <source>Temperature</source>
        <translation>온도</translation>
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
        <translation>반복 페널티</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="129"/>
        <source>Max tokens</source>
        <translation>최대 토큰 수</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="131"/>
        <source>Seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="138"/>
        <location filename="../app/studio/chat_page.cpp" line="162"/>
        <source>&amp;Generate</source>
        <translation>생성(&amp;G)</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="140"/>
        <source>Answer the prompt</source>
        <translation>프롬프트에 답하기</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="142"/>
        <source>&amp;Stop</source>
        <translation>중지(&amp;S)</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="162"/>
        <source>&amp;Send</source>
        <translation>보내기(&amp;S)</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="163"/>
        <source>Your message</source>
        <translation>메시지 입력</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="172"/>
        <source>%1 (%2; chat template: %3)</source>
        <translation>%1 (%2; 채팅 템플릿: %3)</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="173"/>
        <source>float</source>
        <translation>부동소수점</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="175"/>
        <source>%1, the model&apos;s own cannot be used</source>
        <translation>%1, 모델 자체 템플릿은 사용할 수 없음</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="183"/>
        <source>Quantized: %1 %2-bit, %3 bits/weight</source>
        <translation>양자화됨: %1 %2비트, 가중치당 %3비트</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="209"/>
        <source>prompt %1 tokens at %2 tokens/s</source>
        <translation>프롬프트 토큰 %1개, 초당 %2 토큰</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="241"/>
        <source>Answer with the float model, then with its quantized version</source>
        <translation>부동소수점 모델로 답한 뒤 양자화 버전으로 답합니다</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="242"/>
        <source>Needs the float model open and a quantized model of it from the Quantize page</source>
        <translation>부동소수점 모델이 열려 있고 양자화 페이지에서 그 모델을 양자화한 결과가 있어야 합니다</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="272"/>
        <source>Generating</source>
        <translation>생성 중</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="253"/>
        <source>You: %1</source>
        <translation>나: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="205"/>
        <source>%1 tokens, %2 tokens/s on %4 (stopped: %3)</source>
        <translation>토큰 %1개, 초당 %2 토큰, %4에서 실행 (중지 사유: %3)</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="253"/>
        <source>Model: </source>
        <translation>모델: </translation>
    </message>
</context>
<context>
    <name>ComparePage</name>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="194"/>
        <source>Methods</source>
        <translation>방법</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="196"/>
        <source>Full precision</source>
        <translation>전체 정밀도</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="208"/>
        <source>RTN and OPTQ bits</source>
        <translation>RTN 및 OPTQ 비트</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="211"/>
        <source>OWQ target bits</source>
        <translation>OWQ 목표 비트</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="214"/>
        <source>Data</source>
        <translation>데이터</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="216"/>
        <source>Calibration Text</source>
        <translation>보정 텍스트</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="218"/>
        <source>Evaluation Text</source>
        <translation>평가 텍스트</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="220"/>
        <source>Calibration file</source>
        <translation>보정 파일</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="221"/>
        <source>Evaluation file</source>
        <translation>평가 파일</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="222"/>
        <source>Multiple-Choice Tasks (JSONL)</source>
        <translation>객관식 과제 (JSONL)</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="224"/>
        <source>Optional: a JSONL file of {&quot;context&quot;, &quot;choices&quot;, &quot;label&quot;} items (as HellaSwag, ARC or PIQA exports); every row is also scored by acc and acc_norm</source>
        <translation>선택 사항: {&quot;context&quot;, &quot;choices&quot;, &quot;label&quot;} 항목으로 된 JSONL 파일 (HellaSwag, ARC, PIQA 내보내기 형식); 모든 행을 acc와 acc_norm으로도 평가합니다</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="226"/>
        <source>Choice tasks (optional)</source>
        <translation>객관식 과제 (선택 사항)</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="231"/>
        <source>Samples</source>
        <translation>샘플 수</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="235"/>
        <location filename="../app/studio/compare_page.cpp" line="240"/>
        <source>default</source>
        <translation>기본값</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="236"/>
        <source>Sequence length</source>
        <translation>시퀀스 길이</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="241"/>
        <source>Evaluation sequence length</source>
        <translation>평가 시퀀스 길이</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="244"/>
        <source>Uniform</source>
        <translation>균등</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="245"/>
        <source>Reference (official OWQ code)</source>
        <translation>참조 (공식 OWQ 코드)</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="246"/>
        <source>How calibration windows are drawn: uniformly, or exactly as the official OWQ code draws them (Python&apos;s random with the same seed)</source>
        <translation>보정 윈도를 뽑는 방법: 균등하게, 또는 공식 OWQ 코드와 똑같이 (같은 시드의 Python random)</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="248"/>
        <source>Window sampling</source>
        <translation>윈도 샘플링</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="253"/>
        <source>OWQ allocation</source>
        <translation>OWQ 할당</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="252"/>
        <source>Where the OWQ rows&apos; weak-column bits go, as on the Quantize page</source>
        <translation>OWQ 행의 약한 열 비트가 가는 곳 (양자화 페이지와 같음)</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="254"/>
        <source>Show cached results when the settings match</source>
        <translation>설정이 같으면 캐시된 결과 표시</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="260"/>
        <source>&amp;Compare</source>
        <translation>비교(&amp;C)</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="262"/>
        <source>Run the comparison</source>
        <translation>비교 실행</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="264"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="271"/>
        <source>Copy as CSV</source>
        <translation>CSV로 복사</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="272"/>
        <source>Copy as Markdown</source>
        <translation>Markdown으로 복사</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="273"/>
        <source>Save Chart...</source>
        <translation>차트 저장...</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="279"/>
        <source>Open a model to compare methods on it.</source>
        <translation>방법을 비교하려면 모델을 여세요.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="288"/>
        <source>Method</source>
        <translation>방법</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="288"/>
        <source>Bits</source>
        <translation>비트</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="288"/>
        <source>Target</source>
        <translation>목표</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="288"/>
        <source>Bits/weight</source>
        <translation>비트/가중치</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="289"/>
        <source>Weak columns</source>
        <translation>약한 열</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="289"/>
        <location filename="../app/studio/compare_page.cpp" line="320"/>
        <location filename="../app/studio/compare_page.cpp" line="591"/>
        <source>Perplexity</source>
        <translation>퍼플렉서티</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="290"/>
        <source>Seconds</source>
        <translation>초</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="639"/>
        <source>acc and acc_norm on %1 (FNV-1a %2), %3 items.</source>
        <translation>%1 (FNV-1a %2)의 acc와 acc_norm, 항목 %3개.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="148"/>
        <source>Evaluated on %1 (FNV-1a %2): %3 tokens with BOS %4%5, windows of %6 tokens every %7, %8 tokens predicted.</source>
        <translation>%1에서 평가 (FNV-1a %2): BOS %4%5 포함 토큰 %3개, %7 토큰마다 %6 토큰 윈도, 예측한 토큰 %8개.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="162"/>
        <source>Full precision is the reference of the KL divergence.</source>
        <translation>전체 정밀도가 KL 발산의 기준입니다.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="163"/>
        <source>KL divergence from full precision per predicted token: mean %1, median %2, 99th percentile %3, max %4; top-1 agreement %5% of %6 tokens.</source>
        <translation>예측 토큰당 전체 정밀도 대비 KL 발산: 평균 %1, 중앙값 %2, 99번째 백분위수 %3, 최대 %4; 토큰 %6개 중 top-1 일치 %5%.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="172"/>
        <source> Against the %1 most likely tokens of full precision per position and the rest as one (its vocabulary is large; a lower bound of the whole KL).</source>
        <translation> 위치마다 전체 정밀도의 가장 가능성 높은 토큰 %1개와 나머지를 하나로 묶은 분포에 대한 값입니다 (어휘가 커서; 전체 KL의 하한).</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="289"/>
        <source>KLD mean</source>
        <translation>KLD 평균</translation>
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
        <translation>이 행의 다음 토큰 분포와 전체 정밀도의 분포 사이의 예측 토큰당 평균 KL 발산 (nats)</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="303"/>
        <source>99th percentile of the per-token KL divergence</source>
        <translation>토큰별 KL 발산의 99번째 백분위수</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="306"/>
        <source>Share of predicted tokens where the row&apos;s most likely next token is full precision&apos;s</source>
        <translation>이 행에서 가장 가능성이 높은 다음 토큰이 전체 정밀도와 같은 예측 토큰의 비율</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="321"/>
        <source>KL divergence (mean)</source>
        <translation>KL 발산 (평균)</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="322"/>
        <source>What the chart plots against bits per weight</source>
        <translation>차트가 가중치당 비트에 대해 그리는 값</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="323"/>
        <source>Plot</source>
        <translation>차트</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="591"/>
        <source>KL divergence from full precision (mean, nats)</source>
        <translation>전체 정밀도 대비 KL 발산 (평균, nats)</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="346"/>
        <source>Save Chart</source>
        <translation>차트 저장</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="158"/>
        <source> Run layer by layer (one decoder layer in memory at a time).</source>
        <translation> 레이어별로 실행됨 (한 번에 디코더 레이어 하나만 메모리에 유지).</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="178"/>
        <source>Multiple-choice accuracy on %1 (FNV-1a %2), %3 items: acc %4 +- %5, acc_norm %6 +- %7 (standard errors over items; acc_norm divides each choice&apos;s log-likelihood by its length in characters).</source>
        <translation>%1 (FNV-1a %2)의 객관식 정확도, 항목 %3개: acc %4 +- %5, acc_norm %6 +- %7 (항목에 대한 표준 오차; acc_norm은 각 선택지의 로그 우도를 문자 길이로 나눕니다).</translation>
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
        <translation>객관식 정확도: 가장 가능성 높은 선택지(로그 우도 합)가 정답인 항목의 비율</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="295"/>
        <source>Multiple-choice accuracy with each choice&apos;s log-likelihood divided by its length in characters</source>
        <translation>각 선택지의 로그 우도를 문자 길이로 나눈 객관식 정확도</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="352"/>
        <source>Could not write %1</source>
        <translation>%1을(를) 쓸 수 없습니다</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="354"/>
        <source>Saved %1</source>
        <translation>%1 저장됨</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="362"/>
        <source>Ready to compare methods on %1.</source>
        <translation>%1에서 방법을 비교할 준비가 되었습니다.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="363"/>
        <source>%1 is already quantized; compare starts from a float checkpoint.</source>
        <translation>%1은(는) 이미 양자화되었습니다. 비교는 부동소수점 체크포인트에서 시작합니다.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="370"/>
        <source>%1 (%2 of %3 rows): %4</source>
        <translation>%1 (%3행 중 %2행): %4</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="382"/>
        <source>Finished: %1 rows.</source>
        <translation>완료: %1행.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="384"/>
        <source>Cancelled.</source>
        <translation>취소되었습니다.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="384"/>
        <source>Failed.</source>
        <translation>실패했습니다.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="429"/>
        <source>Choose a calibration file and an evaluation file first.</source>
        <translation>먼저 보정 파일과 평가 파일을 선택하세요.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="449"/>
        <source>OWQ target bits must be numbers like 3.1, 4.1 (got &apos;%1&apos;).</source>
        <translation>OWQ 목표 비트는 3.1, 4.1 같은 숫자여야 합니다 (입력: &apos;%1&apos;).</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="477"/>
        <source>Cached results (%1 rows); untick the cache option to run again.</source>
        <translation>캐시된 결과 (%1행). 다시 실행하려면 캐시 옵션을 해제하세요.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="480"/>
        <source>Comparing methods on %1</source>
        <translation>%1에서 방법 비교 중</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="483"/>
        <source>Running...</source>
        <translation>실행 중...</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="573"/>
        <source>full precision: %1</source>
        <translation>전체 정밀도: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="590"/>
        <source>Bits per weight</source>
        <translation>가중치당 비트</translation>
    </message>
</context>
<context>
    <name>CompareService</name>
    <message>
        <location filename="../app/studio/compare_service.cpp" line="11"/>
        <source>Comparing methods on %1</source>
        <translation>%1에서 방법 비교 중</translation>
    </message>
</context>
<context>
    <name>ExportPage</name>
    <message>
        <location filename="../app/studio/export_page.cpp" line="25"/>
        <location filename="../app/studio/export_page.cpp" line="58"/>
        <source>Export the quantized model</source>
        <translation>양자화된 모델 내보내기</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="32"/>
        <source>OWQ packed (owq-studio, owq; docs/FORMAT.md)</source>
        <translation>OWQ 패킹 형식 (owq-studio, owq; docs/FORMAT.md)</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="34"/>
        <source>Fake-quantized float32 (any Hugging Face loader)</source>
        <translation>가짜 양자화 float32 (모든 Hugging Face 로더)</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="36"/>
        <source>Hugging Face float16 (dequantized)</source>
        <translation>Hugging Face float16 (역양자화)</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="38"/>
        <source>GPTQ checkpoint + LoRA adapter for the weak columns</source>
        <translation>GPTQ 체크포인트 + 약한 열용 LoRA 어댑터</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="43"/>
        <source>Format</source>
        <translation>형식</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="44"/>
        <source>Export Folder</source>
        <translation>내보내기 폴더</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="46"/>
        <source>Folder</source>
        <translation>폴더</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="48"/>
        <source>The folder must be new or empty; an existing folder is replaced only after you confirm. A model card (README.md) and owq_diagnostics.json are written with the model.</source>
        <translation>폴더는 새 폴더이거나 비어 있어야 합니다. 기존 폴더는 확인한 후에만 교체됩니다. 모델 카드(README.md)와 owq_diagnostics.json이 모델과 함께 저장됩니다.</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="56"/>
        <source>&amp;Export</source>
        <translation>내보내기(&amp;E)</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="59"/>
        <source>Open the Export in the Model Page</source>
        <translation>내보낸 모델을 모델 페이지에서 열기</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="92"/>
        <source>Wrote %1 (%2, %3)</source>
        <translation>%1 저장됨 (%2, %3)</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="104"/>
        <source>A quantized model is ready to export.</source>
        <translation>양자화된 모델을 내보낼 준비가 되었습니다.</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="105"/>
        <source>Nothing to export yet: quantize a model on the Quantize page first.</source>
        <translation>아직 내보낼 것이 없습니다. 먼저 양자화 페이지에서 모델을 양자화하세요.</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="112"/>
        <location filename="../app/studio/export_page.cpp" line="117"/>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="112"/>
        <source>Choose an export folder first.</source>
        <translation>먼저 내보낼 폴더를 선택하세요.</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="117"/>
        <source>%1 is a file, not a folder.</source>
        <translation>%1은(는) 폴더가 아니라 파일입니다.</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="122"/>
        <source>Replace Folder?</source>
        <translation>폴더를 교체할까요?</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="123"/>
        <source>%1 already exists and is not empty. Replace its contents with the export?</source>
        <translation>%1이(가) 이미 있고 비어 있지 않습니다. 내용을 내보낸 모델로 교체할까요?</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="137"/>
        <source>Exporting to %1</source>
        <translation>%1(으)로 내보내는 중</translation>
    </message>
</context>
<context>
    <name>InspectPage</name>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="45"/>
        <source>Error before (RTN)</source>
        <translation>이전 오차 (RTN)</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="45"/>
        <source>Error after</source>
        <translation>이후 오차</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="45"/>
        <source>Error reduction (before / after)</source>
        <translation>오차 감소 (이전 / 이후)</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="46"/>
        <source>Weak columns</source>
        <translation>약한 열</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="46"/>
        <source>Bits per weight</source>
        <translation>가중치당 비트</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="47"/>
        <location filename="../app/studio/inspect_page.cpp" line="79"/>
        <source>Log scale</source>
        <translation>로그 스케일</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="49"/>
        <source>Save Chart...</source>
        <translation>차트 저장...</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="50"/>
        <source>Per linear</source>
        <translation>선형 계층별</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="66"/>
        <source>Weak columns per decoder layer (rows) and linear (columns)</source>
        <translation>디코더 레이어(행)와 선형 레이어(열)별 약한 열 수</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="78"/>
        <source>Natural order</source>
        <translation>원래 순서</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="78"/>
        <source>Sorted by H diagonal</source>
        <translation>H 대각 성분 순 정렬</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="81"/>
        <source>Save Plot...</source>
        <translation>그래프 저장...</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="82"/>
        <source>Linear</source>
        <translation>선형 계층</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="88"/>
        <location filename="../app/studio/inspect_page.cpp" line="142"/>
        <source>Quantize a model to inspect it.</source>
        <translation>검사하려면 모델을 양자화하세요.</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="216"/>
        <source>layer %1</source>
        <translation>계층 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="241"/>
        <source>%1: %2 x %3, %4 weak columns, %5 bits/weight, error %6 -&gt; %7</source>
        <translation>%1: %2 x %3, 약한 열 %4개, %5 비트/가중치, 오차 %6 -&gt; %7</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="293"/>
        <location filename="../app/studio/inspect_page.cpp" line="306"/>
        <source>H diagonal</source>
        <translation>H 대각 성분</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="299"/>
        <source>Weak columns (fp16)</source>
        <translation>약한 열 (fp16)</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="305"/>
        <source>Rank by H diagonal</source>
        <translation>H 대각 성분 순위</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="305"/>
        <source>Input column</source>
        <translation>입력 열</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="333"/>
        <source>column %1: H diagonal %2</source>
        <translation>열 %1: H 대각 성분 %2</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="334"/>
        <source> (weak, kept in fp16)</source>
        <translation> (약한 열, fp16으로 유지)</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="348"/>
        <source>Save Plot</source>
        <translation>그래프 저장</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="353"/>
        <source>Could not write %1</source>
        <translation>%1을(를) 쓸 수 없습니다</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="355"/>
        <source>Saved %1</source>
        <translation>%1 저장됨</translation>
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
        <translation>양자화</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="87"/>
        <source>Inspect</source>
        <translation>검사</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="87"/>
        <source>Compare</source>
        <translation>비교</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="88"/>
        <source>Chat</source>
        <translation>채팅</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="88"/>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="88"/>
        <source>Tune</source>
        <translation>튜닝</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="94"/>
        <source>%1 (Ctrl+%2)</source>
        <translation>%1 (Ctrl+%2)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="108"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="110"/>
        <source>Cancel the running job (Esc)</source>
        <translation>실행 중인 작업 취소 (Esc)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="143"/>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="144"/>
        <source>&amp;Open Model Folder...</source>
        <translation>모델 폴더 열기(&amp;O)...</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="146"/>
        <source>Open &amp;Demo Model</source>
        <translation>데모 모델 열기(&amp;D)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="148"/>
        <source>&amp;Quit</source>
        <translation>종료(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="154"/>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="160"/>
        <source>&amp;Tools</source>
        <translation>도구(&amp;T)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="161"/>
        <source>&amp;Settings...</source>
        <translation>설정(&amp;S)...</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="176"/>
        <source>Language saved: restart OWQ Studio to use it.</source>
        <translation>언어가 저장되었습니다. 적용하려면 OWQ Studio를 다시 시작하세요.</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="168"/>
        <source>&amp;Job</source>
        <translation>작업(&amp;J)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="169"/>
        <source>&amp;Cancel Running Job</source>
        <translation>실행 중인 작업 취소(&amp;C)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="87"/>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="112"/>
        <source>Ready</source>
        <translation>준비</translation>
    </message>
</context>
<context>
    <name>ModelPage</name>
    <message>
        <location filename="../app/studio/model_page.cpp" line="25"/>
        <source>Open Model Folder...</source>
        <translation>모델 폴더 열기...</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="27"/>
        <source>Open Demo Model</source>
        <translation>데모 모델 열기</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="31"/>
        <source>Recent models (double-click to open)</source>
        <translation>최근 모델 (두 번 클릭하여 열기)</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="38"/>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="41"/>
        <source>Open a model folder (File &gt; Open, or drop it here), or the demo model. Packed OWQ folders open too.</source>
        <translation>모델 폴더를 열거나(파일 &gt; 열기 또는 여기로 끌어다 놓기) 데모 모델을 여세요. 패킹된 OWQ 폴더도 열 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="64"/>
        <source>Loaded %1 in %2 s</source>
        <translation>%1을(를) %2초 만에 불러옴</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="93"/>
        <source>Open Model Folder</source>
        <translation>모델 폴더 열기</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="99"/>
        <source>Loading %1</source>
        <translation>%1 불러오는 중</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="111"/>
        <source>Building the demo model (about two minutes)</source>
        <translation>데모 모델 생성 중 (약 2분)</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="125"/>
        <source>Folder</source>
        <translation>폴더</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="126"/>
        <source>Architecture</source>
        <translation>아키텍처</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="127"/>
        <source>Family</source>
        <translation>모델 계열</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="128"/>
        <source>Linears per layer</source>
        <translation>레이어당 선형 계층</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="129"/>
        <source>Parameters</source>
        <translation>매개변수</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="130"/>
        <source>Layers</source>
        <translation>계층 수</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="131"/>
        <source>Hidden size</source>
        <translation>은닉 크기</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="132"/>
        <source>Heads (KV heads)</source>
        <translation>헤드 (KV 헤드)</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="133"/>
        <source>Vocabulary</source>
        <translation>어휘 크기</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="134"/>
        <source>Context</source>
        <translation>컨텍스트</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="135"/>
        <source>Weights</source>
        <translation>가중치</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="136"/>
        <source>%1, %2 on disk</source>
        <translation>%1, 디스크에서 %2</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="137"/>
        <source>Quantization</source>
        <translation>양자화</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="137"/>
        <source>none (float)</source>
        <translation>없음 (부동소수점)</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="138"/>
        <source>Memory estimate</source>
        <translation>예상 메모리</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="139"/>
        <source>Tokenizer</source>
        <translation>토크나이저</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="139"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="141"/>
        <source>Chat template</source>
        <translation>채팅 템플릿</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="143"/>
        <source>%1 (the model&apos;s own template cannot be used: %2)</source>
        <translation>%1 (모델 자체 템플릿을 사용할 수 없음: %2)</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="162"/>
        <source>Embeddings</source>
        <translation>임베딩</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="162"/>
        <source>Embeddings + head</source>
        <translation>임베딩 + 헤드</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="163"/>
        <source>Attention</source>
        <translation>어텐션</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="164"/>
        <source>MLP</source>
        <translation>MLP</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="167"/>
        <source>Parameters (millions)</source>
        <translation>매개변수 (백만)</translation>
    </message>
</context>
<context>
    <name>ModelService</name>
    <message>
        <location filename="../app/studio/model_service.cpp" line="21"/>
        <source>Loading %1</source>
        <translation>%1 불러오는 중</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="49"/>
        <source>%1 %2-bit, %3, %4 bits/weight</source>
        <translation>%1 %2비트, %3, %4 비트/가중치</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="52"/>
        <source>packed</source>
        <translation>패킹됨</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="52"/>
        <source>fake-quantized</source>
        <translation>가짜 양자화</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="61"/>
        <source>the model&apos;s own (Jinja)</source>
        <translation>모델 자체 템플릿 (Jinja)</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="62"/>
        <source>built-in %1</source>
        <translation>내장 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="73"/>
        <source>Building the demo model in %1</source>
        <translation>%1에 데모 모델 생성 중</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="92"/>
        <source>Open a model first.</source>
        <translation>먼저 모델을 여세요.</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="95"/>
        <source>Quantize the model first to answer side by side.</source>
        <translation>나란히 답하려면 먼저 모델을 양자화하세요.</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="126"/>
        <source>, 16-bit KV cache</source>
        <translation>, 16비트 KV 캐시</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="90"/>
        <source>Generating</source>
        <translation>생성 중</translation>
    </message>
</context>
<context>
    <name>PathEdit</name>
    <message>
        <location filename="../app/studio/path_edit.cpp" line="14"/>
        <source>Browse...</source>
        <translation>찾아보기...</translation>
    </message>
</context>
<context>
    <name>PlotExport</name>
    <message>
        <location filename="../app/studio/plot_export.cpp" line="30"/>
        <source>PNG image (*.png);;PDF document (*.pdf);;SVG drawing (*.svg)</source>
        <translation>PNG 이미지 (*.png);;PDF 문서 (*.pdf);;SVG 그림 (*.svg)</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../app/studio/allocation_heatmap.cpp" line="100"/>
        <source>Weak columns</source>
        <translation>약한 열</translation>
    </message>
    <message>
        <location filename="../app/studio/allocation_heatmap.cpp" line="100"/>
        <source>Bits per weight</source>
        <translation>가중치당 비트</translation>
    </message>
</context>
<context>
    <name>QuantService</name>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="47"/>
        <source>Quantizing %1</source>
        <translation>%1 양자화 중</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="49"/>
        <source>Recipe: %1</source>
        <translation>레시피: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="56"/>
        <source>Done: %1 bits/weight, %2 weak columns, %3 calibration tokens, %4 s</source>
        <translation>완료: %1 비트/가중치, 약한 열 %2개, 보정 토큰 %3개, %4초</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="112"/>
        <source>Exporting to %1</source>
        <translation>%1(으)로 내보내는 중</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="114"/>
        <source>Quantize a model first.</source>
        <translation>먼저 모델을 양자화하세요.</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="119"/>
        <source>%1 already exists and is not empty</source>
        <translation>%1이(가) 이미 있고 비어 있지 않습니다</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="162"/>
        <source>Unknown export format %1</source>
        <translation>알 수 없는 내보내기 형식 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="164"/>
        <source>Cannot replace %1</source>
        <translation>%1을(를) 교체할 수 없습니다</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="168"/>
        <source>Cannot move %1 to %2</source>
        <translation>%1을(를) %2(으)로 옮길 수 없습니다</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="169"/>
        <source>Exported %1 to %2</source>
        <translation>%1을(를) %2(으)로 내보냄</translation>
    </message>
</context>
<context>
    <name>QuantizePage</name>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="42"/>
        <source>Method and bit budget</source>
        <translation>방법과 비트 예산</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="46"/>
        <source>Custom</source>
        <translation>사용자 지정</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="46"/>
        <source>OWQ 3.01 bits (paper)</source>
        <translation>OWQ 3.01비트 (논문)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="46"/>
        <source>OWQ 4.01 bits (paper)</source>
        <translation>OWQ 4.01비트 (논문)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="47"/>
        <source>Preset</source>
        <translation>프리셋</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="50"/>
        <source>OWQ (weak columns in fp16)</source>
        <translation>OWQ (약한 열은 fp16)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="51"/>
        <source>OPTQ / GPTQ</source>
        <translation>OPTQ / GPTQ</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="52"/>
        <source>RTN (round to nearest)</source>
        <translation>RTN (최근접 반올림)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="53"/>
        <source>Method</source>
        <translation>방법</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="58"/>
        <source>Base bits</source>
        <translation>기본 비트</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="61"/>
        <location filename="../app/studio/quantize_page.cpp" line="80"/>
        <source>Target bits</source>
        <translation>목표 비트</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="61"/>
        <source>Weak columns per linear</source>
        <translation>선형 계층당 약한 열</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="62"/>
        <source>Budget</source>
        <translation>예산</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="66"/>
        <source>Sensitivity spends the bits the reference rule would spend on weak columns across all linears by their measured sensitivity (a float pass over the calibration windows before quantizing); mixed precision also chooses each linear&apos;s base bit width under the same total</source>
        <translation>민감도 할당은 참조 규칙이 약한 열에 쓸 비트를 측정된 민감도에 따라 모든 선형 레이어에 배분합니다 (양자화 전에 보정 윈도우에 대한 부동소수점 패스 1회); 혼합 정밀도는 같은 총 비트 안에서 각 선형 레이어의 기본 비트 폭도 고릅니다</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="70"/>
        <source>Allocation</source>
        <translation>할당</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="84"/>
        <location filename="../app/studio/quantize_page.cpp" line="91"/>
        <location filename="../app/studio/quantize_page.cpp" line="380"/>
        <source>Weak columns</source>
        <translation>약한 열</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="87"/>
        <source>Plan (before running)</source>
        <translation>계획 (실행 전)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="91"/>
        <source>Linear</source>
        <translation>선형 계층</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="91"/>
        <source>Input features</source>
        <translation>입력 특성 수</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="101"/>
        <source>Open a model to see the plan.</source>
        <translation>계획을 보려면 모델을 여세요.</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="107"/>
        <source>Quantizer and calibration</source>
        <translation>양자화기와 보정</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="113"/>
        <source>per output channel</source>
        <translation>출력 채널별</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="114"/>
        <source>Group size</source>
        <translation>그룹 크기</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="115"/>
        <source>Process columns by decreasing Hessian diagonal</source>
        <translation>헤시안 대각 성분이 큰 열부터 처리</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="117"/>
        <source>Act-order</source>
        <translation>Act-order</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="118"/>
        <source>Also try each grid&apos;s range shrunk to 95-80%, keep the best per row</source>
        <translation>각 그리드의 범위를 95-80%로 줄여서도 시도하고, 행마다 가장 좋은 것을 유지</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="121"/>
        <source>Solves every linear five times and keeps, for each output row, the solve with the least layer error on the calibration data. Five times the solve time; helps most at 2 and 3 bits.</source>
        <translation>각 선형 층을 다섯 번 풀고, 출력 행마다 보정 데이터에서 층 오차가 가장 작은 해를 유지합니다. 풀이 시간이 다섯 배이며, 2비트와 3비트에서 가장 효과가 큽니다.</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="124"/>
        <source>Clip search</source>
        <translation>클립 탐색</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="127"/>
        <source>MSE grid search</source>
        <translation>MSE 격자 탐색</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="127"/>
        <source>Min-max</source>
        <translation>최소-최대</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="128"/>
        <source>Scale search</source>
        <translation>스케일 탐색</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="131"/>
        <source>As the model stores it</source>
        <translation>모델에 저장된 그대로</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="132"/>
        <source>float32</source>
        <translation>float32</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="133"/>
        <source>bfloat16 (half the bytes)</source>
        <translation>bfloat16 (바이트 절반)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="134"/>
        <source>int8 per row (a quarter of the bytes, format version 2)</source>
        <translation>행별 int8 (바이트 4분의 1, 포맷 버전 2)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="135"/>
        <source>How the packed model keeps the LM head (the embedding too when they are tied). Decoding reads the whole head for every token, so a cheaper head decodes faster.</source>
        <translation>패킹된 모델이 LM 헤드를 저장하는 방식입니다 (임베딩과 묶여 있으면 임베딩도). 디코딩은 토큰마다 헤드 전체를 읽으므로 더 작은 헤드가 더 빠르게 디코딩합니다.</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="137"/>
        <source>LM head</source>
        <translation>LM 헤드</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="138"/>
        <source>Calibration Text</source>
        <translation>보정 텍스트</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="140"/>
        <source>Calibration file</source>
        <translation>보정 파일</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="145"/>
        <source>Samples</source>
        <translation>샘플 수</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="149"/>
        <source>default: min(2048, context)</source>
        <translation>기본값: min(2048, 컨텍스트)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="150"/>
        <source>Sequence length</source>
        <translation>시퀀스 길이</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="154"/>
        <source>Seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="157"/>
        <source>Uniform</source>
        <translation>균등</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="158"/>
        <source>Reference (official OWQ code)</source>
        <translation>참조 (공식 OWQ 코드)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="159"/>
        <source>How calibration windows are drawn: uniformly, or exactly as the official OWQ code draws them (Python&apos;s random with the same seed)</source>
        <translation>보정 윈도를 뽑는 방법: 균등하게, 또는 공식 OWQ 코드와 똑같이 (같은 시드의 Python random)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="161"/>
        <source>Window sampling</source>
        <translation>윈도 샘플링</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="167"/>
        <source>&amp;Quantize</source>
        <translation>양자화(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="169"/>
        <source>Quantize the open model</source>
        <translation>열린 모델 양자화</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="171"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="178"/>
        <source>Idle</source>
        <translation>대기 중</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="181"/>
        <source>Decoder layer</source>
        <translation>디코더 계층</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="186"/>
        <source>Overall</source>
        <translation>전체</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="236"/>
        <source>Quantized: %1 bits/weight achieved, %2 weak columns in all, %3 s. See Inspect and Export.</source>
        <translation>양자화 완료: %1 비트/가중치 달성, 약한 열 총 %2개, %3초. 검사와 내보내기 페이지를 확인하세요.</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="250"/>
        <source>Finished in %1</source>
        <translation>%1 만에 완료</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="256"/>
        <source>Cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="256"/>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="258"/>
        <source>Cancelled; no quantized model is kept.</source>
        <translation>취소되었습니다. 양자화된 모델은 남지 않습니다.</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="258"/>
        <source>Failed: %1</source>
        <translation>실패: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="349"/>
        <source>%1 is already quantized; open a float checkpoint to quantize it.</source>
        <translation>%1은(는) 이미 양자화되었습니다. 양자화하려면 부동소수점 체크포인트를 여세요.</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="392"/>
        <source>%1 weak columns in all (%2 layers); %3 bits per weight achieved (storage of the decoder linears, scales and weak columns included)</source>
        <translation>약한 열 총 %1개 (%2개 계층); 가중치당 %3비트 달성 (디코더 선형 계층 저장 공간, 스케일과 약한 열 포함)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="398"/>
        <source> Sensitivity allocation moves these bits between linears after a float pass over the calibration text; the heatmap shows its counts after the run.</source>
        <translation> 민감도 할당은 보정 텍스트에 대한 부동소수점 패스 후 이 비트를 선형 레이어 사이에서 옮깁니다. 히트맵은 실행 후 그 개수를 보여 줍니다.</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="407"/>
        <source>Choose a calibration text file first.</source>
        <translation>먼저 보정 텍스트 파일을 선택하세요.</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="410"/>
        <source>Quantizing %1</source>
        <translation>%1 양자화 중</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="452"/>
        <source>Stage: %1</source>
        <translation>단계: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="475"/>
        <source>Elapsed %1</source>
        <translation>경과 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="478"/>
        <source>, about %1 remaining</source>
        <translation>, 약 %1 남음</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../app/studio/settings_dialog.cpp" line="26"/>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <location filename="../app/studio/settings_dialog.cpp" line="29"/>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <location filename="../app/studio/settings_dialog.cpp" line="35"/>
        <source>User interface language</source>
        <translation>사용자 인터페이스 언어</translation>
    </message>
    <message>
        <location filename="../app/studio/settings_dialog.cpp" line="36"/>
        <source>A new language takes effect when OWQ Studio restarts.</source>
        <translation>새 언어는 OWQ Studio를 다시 시작하면 적용됩니다.</translation>
    </message>
    <message>
        <location filename="../app/studio/settings_dialog.cpp" line="42"/>
        <source>Stored results</source>
        <translation>저장된 결과</translation>
    </message>
    <message>
        <location filename="../app/studio/settings_dialog.cpp" line="46"/>
        <source>Forget Cached Comparisons</source>
        <translation>캐시된 비교 지우기</translation>
    </message>
    <message>
        <location filename="../app/studio/settings_dialog.cpp" line="67"/>
        <source>Cached comparisons: %1</source>
        <translation>캐시된 비교: %1</translation>
    </message>
</context>
<context>
    <name>TunePage</name>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="66"/>
        <source>Model and data</source>
        <translation>모델과 데이터</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="68"/>
        <source>Packed OWQ Model Folder</source>
        <translation>패킹된 OWQ 모델 폴더</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="70"/>
        <source>A packed OWQ folder; the packed model opened in the studio is filled in.</source>
        <translation>패킹된 OWQ 폴더입니다. 스튜디오에서 연 패킹 모델이 자동으로 입력됩니다.</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="71"/>
        <source>Packed model</source>
        <translation>패킹된 모델</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="72"/>
        <source>Task Data</source>
        <translation>작업 데이터</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="74"/>
        <source>Plain text, or JSONL with one {&quot;prompt&quot;: ..., &quot;response&quot;: ...} per line</source>
        <translation>일반 텍스트 또는 줄마다 {&quot;prompt&quot;: ..., &quot;response&quot;: ...} 하나씩 있는 JSONL</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="75"/>
        <source>Task data</source>
        <translation>작업 데이터</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="78"/>
        <source>By file name (.jsonl: prompt/response)</source>
        <translation>파일 이름으로 (.jsonl: 프롬프트/응답)</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="79"/>
        <source>Plain text</source>
        <translation>일반 텍스트</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="80"/>
        <source>JSONL prompt/response</source>
        <translation>JSONL 프롬프트/응답</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="81"/>
        <source>Data format</source>
        <translation>데이터 형식</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="82"/>
        <source>Evaluation Data</source>
        <translation>평가 데이터</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="84"/>
        <source>optional: the last 10% of the task data</source>
        <translation>선택 사항: 작업 데이터의 마지막 10%</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="85"/>
        <source>Evaluation data</source>
        <translation>평가 데이터</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="88"/>
        <source>Optimisation (AdamW on the weak columns)</source>
        <translation>최적화 (약한 열에 AdamW)</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="91"/>
        <source>Steps</source>
        <translation>스텝</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="98"/>
        <source>Learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="100"/>
        <source>Warm-up steps</source>
        <translation>워밍업 스텝</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="103"/>
        <source>Cosine</source>
        <translation>코사인</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="104"/>
        <source>Linear</source>
        <translation>선형</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="105"/>
        <source>Constant</source>
        <translation>상수</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="106"/>
        <source>Decay</source>
        <translation>감쇠</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="108"/>
        <source>Batch (sequences)</source>
        <translation>배치 (시퀀스)</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="110"/>
        <source>Sequence length</source>
        <translation>시퀀스 길이</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="112"/>
        <source>Accumulation (batches per step)</source>
        <translation>누적 (스텝당 배치)</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="117"/>
        <source>off</source>
        <translation>끔</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="118"/>
        <source>Gradient clipping</source>
        <translation>그래디언트 클리핑</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="120"/>
        <source>Seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="122"/>
        <source>More trainable columns per linear (needs per-channel quantization)</source>
        <translation>선형 층마다 학습 가능한 열 추가 (채널별 양자화 필요)</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="123"/>
        <source>Extra weak columns</source>
        <translation>추가 약한 열</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="126"/>
        <source>Evaluation, checkpoints and output</source>
        <translation>평가, 체크포인트와 출력</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="129"/>
        <source>first and last step only</source>
        <translation>첫 스텝과 마지막 스텝만</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="130"/>
        <source>Evaluate every</source>
        <translation>평가 간격</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="132"/>
        <source>no checkpoints</source>
        <translation>체크포인트 없음</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="133"/>
        <source>Checkpoints go to the output folder&apos;s name + .checkpoints</source>
        <translation>체크포인트는 출력 폴더 이름 + .checkpoints에 저장됩니다</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="134"/>
        <source>Checkpoint every</source>
        <translation>체크포인트 간격</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="135"/>
        <source>Checkpoint Folder</source>
        <translation>체크포인트 폴더</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="138"/>
        <source>optional: a checkpoint folder to continue from</source>
        <translation>선택 사항: 이어서 진행할 체크포인트 폴더</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="139"/>
        <source>Resume from</source>
        <translation>이어서 진행</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="140"/>
        <source>Output Folder</source>
        <translation>출력 폴더</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="142"/>
        <source>a new or empty folder</source>
        <translation>새 폴더 또는 빈 폴더</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="143"/>
        <source>Output folder</source>
        <translation>출력 폴더</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="144"/>
        <source>LoRA Adapter Folder</source>
        <translation>LoRA 어댑터 폴더</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="146"/>
        <source>optional: also export GPTQ + LoRA adapter here</source>
        <translation>선택 사항: 여기에 GPTQ + LoRA 어댑터도 내보내기</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="147"/>
        <source>LoRA adapter output</source>
        <translation>LoRA 어댑터 출력</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="153"/>
        <source>Before running (computed by core)</source>
        <translation>실행 전 (코어가 계산)</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="155"/>
        <location filename="../app/studio/tune_page.cpp" line="308"/>
        <source>Choose a packed model to see what tuning it trains and needs.</source>
        <translation>튜닝이 무엇을 학습하고 무엇이 필요한지 보려면 패킹된 모델을 선택하세요.</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="161"/>
        <source>Trainable parameters</source>
        <translation>학습 가능한 매개변수</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="161"/>
        <source>Peak memory</source>
        <translation>최대 메모리</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="169"/>
        <source>&amp;Tune</source>
        <translation>튜닝(&amp;T)</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="171"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="178"/>
        <source>Tune the weak columns</source>
        <translation>약한 열 튜닝</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="179"/>
        <source>Idle</source>
        <translation>대기 중</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="194"/>
        <source>training loss</source>
        <translation>학습 손실</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="195"/>
        <source>evaluation loss</source>
        <translation>평가 손실</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="196"/>
        <source>Step</source>
        <translation>스텝</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="197"/>
        <source>Cross-entropy (nats/token)</source>
        <translation>교차 엔트로피 (nats/토큰)</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="222"/>
        <source>Open the Tuned Model</source>
        <translation>튜닝된 모델 열기</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="238"/>
        <source>No estimate: %1</source>
        <translation>추정 불가: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="311"/>
        <source>Computing...</source>
        <translation>계산 중...</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="323"/>
        <source>Weak column tuning trains %1 of the model&apos;s %2 parameters (%3%); a LoRA on every decoder linear with as many parameters has rank %4. Peak memory for a batch of %5 x %6 tokens:</source>
        <translation>약한 열 튜닝은 모델의 매개변수 %2개 중 %1개(%3%)를 학습합니다. 같은 수의 매개변수를 가진 모든 디코더 선형 층의 LoRA는 랭크 %4입니다. %5 x %6 토큰 배치의 최대 메모리:</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="338"/>
        <source>Weak column tuning</source>
        <translation>약한 열 튜닝</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="339"/>
        <source>LoRA of equal size, packed base</source>
        <translation>같은 크기의 LoRA, 패킹된 기반</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="340"/>
        <source>LoRA of equal size, fp16 base</source>
        <translation>같은 크기의 LoRA, fp16 기반</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="341"/>
        <source>Full fine-tuning (float32)</source>
        <translation>전체 미세 조정 (float32)</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="355"/>
        <source>Tune</source>
        <translation>튜닝</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="362"/>
        <source>Choose a packed OWQ model folder first (open one in the Model page, or browse).</source>
        <translation>먼저 패킹된 OWQ 모델 폴더를 선택하세요 (모델 페이지에서 열거나 찾아보기).</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="366"/>
        <source>Choose a task data file first.</source>
        <translation>먼저 작업 데이터 파일을 선택하세요.</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="370"/>
        <source>Choose an output folder first.</source>
        <translation>먼저 출력 폴더를 선택하세요.</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="379"/>
        <source>%1 already exists and is not empty; choose a new or empty folder.</source>
        <translation>%1이(가) 이미 있고 비어 있지 않습니다. 새 폴더나 빈 폴더를 선택하세요.</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="382"/>
        <source>Tuning %1</source>
        <translation>%1 튜닝 중</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="398"/>
        <source>Starting...</source>
        <translation>시작 중...</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="432"/>
        <source>Before tuning: eval loss %1 (perplexity %2)</source>
        <translation>튜닝 전: 평가 손실 %1 (퍼플렉시티 %2)</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="436"/>
        <source>Step %1: loss %2, eval loss %3 (perplexity %4), learning rate %5</source>
        <translation>스텝 %1: 손실 %2, 평가 손실 %3 (퍼플렉시티 %4), 학습률 %5</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="467"/>
        <source>Elapsed %1</source>
        <translation>경과 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="471"/>
        <source>, about %1 remaining</source>
        <translation>, 약 %1 남음</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="483"/>
        <source>Finished in %1</source>
        <translation>%1 만에 완료</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="484"/>
        <source>Evaluation perplexity %1 before, %2 after (loss %3 -&gt; %4); %5 steps in %6; saved to %7.</source>
        <translation>평가 퍼플렉시티 이전 %1, 이후 %2 (손실 %3 -&gt; %4); %6 동안 %5 스텝; %7에 저장됨.</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="494"/>
        <source>LoRA adapter (GPTQ + PEFT) in %1.</source>
        <translation>LoRA 어댑터 (GPTQ + PEFT): %1.</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="504"/>
        <source>Cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="504"/>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="505"/>
        <source>Cancelled; nothing was written to %1.</source>
        <translation>취소됨. %1에는 아무것도 쓰지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="505"/>
        <source>Failed: %1</source>
        <translation>실패: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_page.cpp" line="508"/>
        <source>Checkpoints stay in %1: choose it under Resume from to continue.</source>
        <translation>체크포인트는 %1에 남아 있습니다. 계속하려면 &apos;이어서 진행&apos;에서 선택하세요.</translation>
    </message>
</context>
<context>
    <name>TuneService</name>
    <message>
        <location filename="../app/studio/tune_service.cpp" line="42"/>
        <source>Tuning %1</source>
        <translation>%1 튜닝 중</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_service.cpp" line="44"/>
        <source>Tuning the weak columns of %1 on %2: %3 steps, learning rate %4, %5 x %6 x %7 tokens per step</source>
        <translation>%2로 %1의 약한 열 튜닝: %3 스텝, 학습률 %4, 스텝당 %5 x %6 x %7 토큰</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_service.cpp" line="52"/>
        <source>Resuming from %1</source>
        <translation>%1에서 이어서 진행</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_service.cpp" line="60"/>
        <source>Eval loss %1 -&gt; %2 (perplexity %3 -&gt; %4), %5 trainable parameters, %6 s</source>
        <translation>평가 손실 %1 -&gt; %2 (퍼플렉시티 %3 -&gt; %4), 학습 가능한 매개변수 %5개, %6초</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_service.cpp" line="67"/>
        <source>Saved to %1</source>
        <translation>%1에 저장됨</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_service.cpp" line="68"/>
        <source>gptq+lora export in %1</source>
        <translation>%1에 gptq+lora 내보내기</translation>
    </message>
    <message>
        <location filename="../app/studio/tune_service.cpp" line="70"/>
        <source>Checkpoint %1</source>
        <translation>체크포인트 %1</translation>
    </message>
</context>
<context>
    <name>UiLanguage</name>
    <message>
        <location filename="../app/studio/ui_language.cpp" line="13"/>
        <source>System default</source>
        <translation>시스템 기본값</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/studio/main.cpp" line="42"/>
        <source>OWQ Studio: quantize, inspect and chat with large language models</source>
        <translation>OWQ Studio: 대규모 언어 모델을 양자화하고 살펴보고 대화하기</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="45"/>
        <source>Model folder to open</source>
        <translation>열 모델 폴더</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="47"/>
        <source>Open the demo model (built on first use)</source>
        <translation>데모 모델 열기 (처음 사용할 때 생성됨)</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="49"/>
        <source>Render the window to FILE (PNG) once idle, then exit</source>
        <translation>유휴 상태가 되면 창을 FILE(PNG)로 렌더링한 후 종료</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="53"/>
        <source>Show page NAME: model, quantize, inspect, compare, chat, export, tune</source>
        <translation>NAME 페이지 표시: model, quantize, inspect, compare, chat, export, tune</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="57"/>
        <source>After opening, quantize with the calibration text FILE</source>
        <translation>연 다음 보정 텍스트 FILE로 양자화</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="60"/>
        <source>Calibration windows for --quantize</source>
        <translation>--quantize의 보정 윈도 수</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="61"/>
        <source>Tokens per window for --quantize</source>
        <translation>--quantize의 윈도당 토큰 수</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="64"/>
        <source>After opening, compare methods on CALIB,EVAL text files</source>
        <translation>연 다음 CALIB,EVAL 텍스트 파일로 방법 비교</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="66"/>
        <source>After opening, complete PROMPT</source>
        <translation>연 다음 PROMPT 이어 쓰기</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="70"/>
        <source>After opening a packed model, tune its weak columns on DATA into OUT</source>
        <translation>패킹된 모델을 연 뒤 DATA로 약한 열을 튜닝해 OUT에 저장</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="73"/>
        <source>Optimizer steps for --tune</source>
        <translation>--tune의 옵티마이저 스텝 수</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="79"/>
        <source>With --generate: answer with the float and the quantized model</source>
        <translation>--generate와 함께: 부동소수점 모델과 양자화 모델로 답합니다</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="82"/>
        <source>Show the settings dialog (what --screenshot then renders)</source>
        <translation>설정 대화 상자를 표시합니다 (--screenshot이 이를 렌더링)</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="87"/>
        <source>Use a dark palette, as a dark desktop theme would (screenshots)</source>
        <translation>어두운 데스크톱 테마처럼 어두운 팔레트 사용 (스크린샷용)</translation>
    </message>
</context>
</TS>
