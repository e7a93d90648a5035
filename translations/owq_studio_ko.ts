<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
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
        <location filename="../app/studio/chat_page.cpp" line="19"/>
        <source>Completion</source>
        <translation>이어 쓰기</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="19"/>
        <source>Chat</source>
        <translation>채팅</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="20"/>
        <source>No model open.</source>
        <translation>열린 모델이 없습니다.</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="22"/>
        <source>New Chat</source>
        <translation>새 채팅</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="24"/>
        <source>Mode</source>
        <translation>모드</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="35"/>
        <location filename="../app/studio/chat_page.cpp" line="108"/>
        <source>Prompt (empty: start from the beginning-of-text token)</source>
        <translation>프롬프트 (비어 있으면 텍스트 시작 토큰부터 생성)</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="51"/>
        <source>off</source>
        <translation>끔</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="69"/>
        <source>Temperature</source>
        <translation>온도</translation>
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
        <translation>반복 페널티</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="77"/>
        <source>Max tokens</source>
        <translation>최대 토큰 수</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="79"/>
        <source>Seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="84"/>
        <location filename="../app/studio/chat_page.cpp" line="106"/>
        <source>&amp;Generate</source>
        <translation>생성(&amp;G)</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="88"/>
        <source>&amp;Stop</source>
        <translation>중지(&amp;S)</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="106"/>
        <source>&amp;Send</source>
        <translation>보내기(&amp;S)</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="107"/>
        <source>Your message</source>
        <translation>메시지 입력</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="113"/>
        <source>%1 (%2; chat template: %3)</source>
        <translation>%1 (%2; 채팅 템플릿: %3)</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="115"/>
        <source>float</source>
        <translation>부동소수점</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="125"/>
        <source>%1 tokens, %2 tokens/s (stopped: %3)</source>
        <translation>토큰 %1개, 초당 %2 토큰 (중지 사유: %3)</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="148"/>
        <source>Generating</source>
        <translation>생성 중</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="155"/>
        <source>You: %1</source>
        <translation>나: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/chat_page.cpp" line="155"/>
        <source>Model: </source>
        <translation>모델: </translation>
    </message>
</context>
<context>
    <name>ComparePage</name>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="67"/>
        <source>Methods</source>
        <translation>방법</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="69"/>
        <source>Full precision</source>
        <translation>전체 정밀도</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="81"/>
        <source>RTN and OPTQ bits</source>
        <translation>RTN 및 OPTQ 비트</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="84"/>
        <source>OWQ target bits</source>
        <translation>OWQ 목표 비트</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="87"/>
        <source>Data</source>
        <translation>데이터</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="89"/>
        <source>Calibration Text</source>
        <translation>보정 텍스트</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="91"/>
        <source>Evaluation Text</source>
        <translation>평가 텍스트</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="93"/>
        <source>Calibration file</source>
        <translation>보정 파일</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="94"/>
        <source>Evaluation file</source>
        <translation>평가 파일</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="99"/>
        <source>Samples</source>
        <translation>샘플 수</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="103"/>
        <location filename="../app/studio/compare_page.cpp" line="108"/>
        <source>default</source>
        <translation>기본값</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="104"/>
        <source>Sequence length</source>
        <translation>시퀀스 길이</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="109"/>
        <source>Evaluation sequence length</source>
        <translation>평가 시퀀스 길이</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="110"/>
        <source>Show cached results when the settings match</source>
        <translation>설정이 같으면 캐시된 결과 표시</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="116"/>
        <source>&amp;Compare</source>
        <translation>비교(&amp;C)</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="119"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="126"/>
        <source>Copy as CSV</source>
        <translation>CSV로 복사</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="127"/>
        <source>Copy as Markdown</source>
        <translation>Markdown으로 복사</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="131"/>
        <source>Open a model to compare methods on it.</source>
        <translation>방법을 비교하려면 모델을 여세요.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="140"/>
        <source>Method</source>
        <translation>방법</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="140"/>
        <source>Bits</source>
        <translation>비트</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="140"/>
        <source>Target</source>
        <translation>목표</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="140"/>
        <source>Bits/weight</source>
        <translation>비트/가중치</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="141"/>
        <source>Weak columns</source>
        <translation>약한 열</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="141"/>
        <location filename="../app/studio/compare_page.cpp" line="302"/>
        <source>Perplexity</source>
        <translation>퍼플렉서티</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="141"/>
        <source>Seconds</source>
        <translation>초</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="163"/>
        <source>Ready to compare methods on %1.</source>
        <translation>%1에서 방법을 비교할 준비가 되었습니다.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="164"/>
        <source>%1 is already quantized; compare starts from a float checkpoint.</source>
        <translation>%1은(는) 이미 양자화되었습니다. 비교는 부동소수점 체크포인트에서 시작합니다.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="171"/>
        <source>%1 (%2 of %3 rows): %4</source>
        <translation>%1 (%3행 중 %2행): %4</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="181"/>
        <source>Finished: %1 rows.</source>
        <translation>완료: %1행.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="183"/>
        <source>Cancelled.</source>
        <translation>취소되었습니다.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="183"/>
        <source>Failed.</source>
        <translation>실패했습니다.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="208"/>
        <source>Choose a calibration file and an evaluation file first.</source>
        <translation>먼저 보정 파일과 평가 파일을 선택하세요.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="226"/>
        <source>OWQ target bits must be numbers like 3.1, 4.1 (got &apos;%1&apos;).</source>
        <translation>OWQ 목표 비트는 3.1, 4.1 같은 숫자여야 합니다 (입력: &apos;%1&apos;).</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="243"/>
        <source>Cached results (%1 rows); untick the cache option to run again.</source>
        <translation>캐시된 결과 (%1행). 다시 실행하려면 캐시 옵션을 해제하세요.</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="246"/>
        <source>Comparing methods on %1</source>
        <translation>%1에서 방법 비교 중</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="249"/>
        <source>Running...</source>
        <translation>실행 중...</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="285"/>
        <source>full precision: %1</source>
        <translation>전체 정밀도: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/compare_page.cpp" line="301"/>
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
        <location filename="../app/studio/export_page.cpp" line="24"/>
        <source>Export the quantized model</source>
        <translation>양자화된 모델 내보내기</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="31"/>
        <source>OWQ packed (owq-studio, owq; docs/FORMAT.md)</source>
        <translation>OWQ 패킹 형식 (owq-studio, owq; docs/FORMAT.md)</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="33"/>
        <source>Fake-quantized float32 (any Hugging Face loader)</source>
        <translation>가짜 양자화 float32 (모든 Hugging Face 로더)</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="35"/>
        <source>Hugging Face float16 (dequantized)</source>
        <translation>Hugging Face float16 (역양자화)</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="37"/>
        <source>GPTQ checkpoint + LoRA adapter for the weak columns</source>
        <translation>GPTQ 체크포인트 + 약한 열용 LoRA 어댑터</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="42"/>
        <source>Format</source>
        <translation>형식</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="43"/>
        <source>Export Folder</source>
        <translation>내보내기 폴더</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="45"/>
        <source>Folder</source>
        <translation>폴더</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="47"/>
        <source>The folder must be new or empty; an existing folder is replaced only after you confirm. A model card (README.md) and owq_diagnostics.json are written with the model.</source>
        <translation>폴더는 새 폴더이거나 비어 있어야 합니다. 기존 폴더는 확인한 후에만 교체됩니다. 모델 카드(README.md)와 owq_diagnostics.json이 모델과 함께 저장됩니다.</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="55"/>
        <source>&amp;Export</source>
        <translation>내보내기(&amp;E)</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="57"/>
        <source>Open the Export in the Model Page</source>
        <translation>내보낸 모델을 모델 페이지에서 열기</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="88"/>
        <source>Wrote %1 (%2, %3)</source>
        <translation>%1 저장됨 (%2, %3)</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="100"/>
        <source>A quantized model is ready to export.</source>
        <translation>양자화된 모델을 내보낼 준비가 되었습니다.</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="101"/>
        <source>Nothing to export yet: quantize a model on the Quantize page first.</source>
        <translation>아직 내보낼 것이 없습니다. 먼저 양자화 페이지에서 모델을 양자화하세요.</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="108"/>
        <location filename="../app/studio/export_page.cpp" line="113"/>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="108"/>
        <source>Choose an export folder first.</source>
        <translation>먼저 내보낼 폴더를 선택하세요.</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="113"/>
        <source>%1 is a file, not a folder.</source>
        <translation>%1은(는) 폴더가 아니라 파일입니다.</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="118"/>
        <source>Replace Folder?</source>
        <translation>폴더를 교체할까요?</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="119"/>
        <source>%1 already exists and is not empty. Replace its contents with the export?</source>
        <translation>%1이(가) 이미 있고 비어 있지 않습니다. 내용을 내보낸 모델로 교체할까요?</translation>
    </message>
    <message>
        <location filename="../app/studio/export_page.cpp" line="124"/>
        <source>Exporting to %1</source>
        <translation>%1(으)로 내보내는 중</translation>
    </message>
</context>
<context>
    <name>InspectPage</name>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="37"/>
        <source>Error before (RTN)</source>
        <translation>이전 오차 (RTN)</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="37"/>
        <source>Error after</source>
        <translation>이후 오차</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="37"/>
        <source>Error reduction (before / after)</source>
        <translation>오차 감소 (이전 / 이후)</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="38"/>
        <source>Weak columns</source>
        <translation>약한 열</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="38"/>
        <source>Bits per weight</source>
        <translation>가중치당 비트</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="39"/>
        <location filename="../app/studio/inspect_page.cpp" line="65"/>
        <source>Log scale</source>
        <translation>로그 스케일</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="41"/>
        <source>Save Chart...</source>
        <translation>차트 저장...</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="42"/>
        <source>Per linear</source>
        <translation>선형 계층별</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="64"/>
        <source>Natural order</source>
        <translation>원래 순서</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="64"/>
        <source>Sorted by H diagonal</source>
        <translation>H 대각 성분 순 정렬</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="67"/>
        <source>Save Plot...</source>
        <translation>그래프 저장...</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="68"/>
        <source>Linear</source>
        <translation>선형 계층</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="74"/>
        <location filename="../app/studio/inspect_page.cpp" line="119"/>
        <source>Quantize a model to inspect it.</source>
        <translation>검사하려면 모델을 양자화하세요.</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="191"/>
        <source>layer %1</source>
        <translation>계층 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="216"/>
        <source>%1: %2 x %3, %4 weak columns, %5 bits/weight, error %6 -&gt; %7</source>
        <translation>%1: %2 x %3, 약한 열 %4개, %5 비트/가중치, 오차 %6 -&gt; %7</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="268"/>
        <location filename="../app/studio/inspect_page.cpp" line="280"/>
        <source>H diagonal</source>
        <translation>H 대각 성분</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="274"/>
        <source>Weak columns (fp16)</source>
        <translation>약한 열 (fp16)</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="279"/>
        <source>Rank by H diagonal</source>
        <translation>H 대각 성분 순위</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="279"/>
        <source>Input column</source>
        <translation>입력 열</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="307"/>
        <source>column %1: H diagonal %2</source>
        <translation>열 %1: H 대각 성분 %2</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="308"/>
        <source> (weak, kept in fp16)</source>
        <translation> (약한 열, fp16으로 유지)</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="325"/>
        <source>Save Plot</source>
        <translation>그래프 저장</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="326"/>
        <source>PNG image (*.png);;PDF document (*.pdf)</source>
        <translation>PNG 이미지 (*.png);;PDF 문서 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="332"/>
        <source>Could not write %1</source>
        <translation>%1을(를) 쓸 수 없습니다</translation>
    </message>
    <message>
        <location filename="../app/studio/inspect_page.cpp" line="334"/>
        <source>Saved %1</source>
        <translation>%1 저장됨</translation>
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
        <translation>양자화</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="77"/>
        <source>Inspect</source>
        <translation>검사</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="78"/>
        <source>Compare</source>
        <translation>비교</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="78"/>
        <source>Chat</source>
        <translation>채팅</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="78"/>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="84"/>
        <source>%1 (Ctrl+%2)</source>
        <translation>%1 (Ctrl+%2)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="98"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="132"/>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="133"/>
        <source>&amp;Open Model Folder...</source>
        <translation>모델 폴더 열기(&amp;O)...</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="135"/>
        <source>Open &amp;Demo Model</source>
        <translation>데모 모델 열기(&amp;D)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="137"/>
        <source>&amp;Quit</source>
        <translation>종료(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="140"/>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="146"/>
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="149"/>
        <source>System default</source>
        <translation>시스템 기본값</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="161"/>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="162"/>
        <source>The language changes when OWQ Studio restarts.</source>
        <translation>언어는 OWQ Studio를 다시 시작하면 바뀝니다.</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="166"/>
        <source>&amp;Job</source>
        <translation>작업(&amp;J)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="167"/>
        <source>&amp;Cancel Running Job</source>
        <translation>실행 중인 작업 취소(&amp;C)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="77"/>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="101"/>
        <source>Ready</source>
        <translation>준비</translation>
    </message>
</context>
<context>
    <name>ModelPage</name>
    <message>
        <location filename="../app/studio/model_page.cpp" line="23"/>
        <source>Open Model Folder...</source>
        <translation>모델 폴더 열기...</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="25"/>
        <source>Open Demo Model</source>
        <translation>데모 모델 열기</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="29"/>
        <source>Recent models (double-click to open)</source>
        <translation>최근 모델 (두 번 클릭하여 열기)</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="36"/>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="39"/>
        <source>Open a model folder (File &gt; Open, or drop it here), or the demo model. Packed OWQ folders open too.</source>
        <translation>모델 폴더를 열거나(파일 &gt; 열기 또는 여기로 끌어다 놓기) 데모 모델을 여세요. 패킹된 OWQ 폴더도 열 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="56"/>
        <source>Loaded %1 in %2 s</source>
        <translation>%1을(를) %2초 만에 불러옴</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="85"/>
        <source>Open Model Folder</source>
        <translation>모델 폴더 열기</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="91"/>
        <source>Loading %1</source>
        <translation>%1 불러오는 중</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="103"/>
        <source>Building the demo model (about two minutes)</source>
        <translation>데모 모델 생성 중 (약 2분)</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="117"/>
        <source>Folder</source>
        <translation>폴더</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="118"/>
        <source>Architecture</source>
        <translation>아키텍처</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="119"/>
        <source>Parameters</source>
        <translation>매개변수</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="120"/>
        <source>Layers</source>
        <translation>계층 수</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="121"/>
        <source>Hidden size</source>
        <translation>은닉 크기</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="122"/>
        <source>Heads (KV heads)</source>
        <translation>헤드 (KV 헤드)</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="123"/>
        <source>Vocabulary</source>
        <translation>어휘 크기</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="124"/>
        <source>Context</source>
        <translation>컨텍스트</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="125"/>
        <source>Weights</source>
        <translation>가중치</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="126"/>
        <source>%1, %2 on disk</source>
        <translation>%1, 디스크에서 %2</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="127"/>
        <source>Quantization</source>
        <translation>양자화</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="127"/>
        <source>none (float)</source>
        <translation>없음 (부동소수점)</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="128"/>
        <source>Memory estimate</source>
        <translation>예상 메모리</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="129"/>
        <source>Tokenizer</source>
        <translation>토크나이저</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="130"/>
        <source>Chat template</source>
        <translation>채팅 템플릿</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="148"/>
        <source>Embeddings</source>
        <translation>임베딩</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="148"/>
        <source>Embeddings + head</source>
        <translation>임베딩 + 헤드</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="149"/>
        <source>Attention</source>
        <translation>어텐션</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="150"/>
        <source>MLP</source>
        <translation>MLP</translation>
    </message>
    <message>
        <location filename="../app/studio/model_page.cpp" line="153"/>
        <source>Parameters (millions)</source>
        <translation>매개변수 (백만)</translation>
    </message>
</context>
<context>
    <name>ModelService</name>
    <message>
        <location filename="../app/studio/model_service.cpp" line="19"/>
        <source>Loading %1</source>
        <translation>%1 불러오는 중</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="45"/>
        <source>%1 %2-bit, %3, %4 bits/weight</source>
        <translation>%1 %2비트, %3, %4 비트/가중치</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="48"/>
        <source>packed</source>
        <translation>패킹됨</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="48"/>
        <source>fake-quantized</source>
        <translation>가짜 양자화</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="63"/>
        <source>Building the demo model in %1</source>
        <translation>%1에 데모 모델 생성 중</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="76"/>
        <source>Open a model first.</source>
        <translation>먼저 모델을 여세요.</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="74"/>
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
    <name>QuantService</name>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="45"/>
        <source>Quantizing %1</source>
        <translation>%1 양자화 중</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="47"/>
        <source>Recipe: %1</source>
        <translation>레시피: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="54"/>
        <source>Done: %1 bits/weight, %2 weak columns, %3 calibration tokens, %4 s</source>
        <translation>완료: %1 비트/가중치, 약한 열 %2개, 보정 토큰 %3개, %4초</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="103"/>
        <source>Exporting to %1</source>
        <translation>%1(으)로 내보내는 중</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="105"/>
        <source>Quantize a model first.</source>
        <translation>먼저 모델을 양자화하세요.</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="110"/>
        <source>%1 already exists and is not empty</source>
        <translation>%1이(가) 이미 있고 비어 있지 않습니다</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="144"/>
        <source>Unknown export format %1</source>
        <translation>알 수 없는 내보내기 형식 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="146"/>
        <source>Cannot replace %1</source>
        <translation>%1을(를) 교체할 수 없습니다</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="150"/>
        <source>Cannot move %1 to %2</source>
        <translation>%1을(를) %2(으)로 옮길 수 없습니다</translation>
    </message>
    <message>
        <location filename="../app/studio/quant_service.cpp" line="151"/>
        <source>Exported %1 to %2</source>
        <translation>%1을(를) %2(으)로 내보냄</translation>
    </message>
</context>
<context>
    <name>QuantizePage</name>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="43"/>
        <source>Method and bit budget</source>
        <translation>방법과 비트 예산</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="47"/>
        <source>Custom</source>
        <translation>사용자 지정</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="47"/>
        <source>OWQ 3.01 bits (paper)</source>
        <translation>OWQ 3.01비트 (논문)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="47"/>
        <source>OWQ 4.01 bits (paper)</source>
        <translation>OWQ 4.01비트 (논문)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="48"/>
        <source>Preset</source>
        <translation>프리셋</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="51"/>
        <source>OWQ (weak columns in fp16)</source>
        <translation>OWQ (약한 열은 fp16)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="52"/>
        <source>OPTQ / GPTQ</source>
        <translation>OPTQ / GPTQ</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="53"/>
        <source>RTN (round to nearest)</source>
        <translation>RTN (최근접 반올림)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="54"/>
        <source>Method</source>
        <translation>방법</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="59"/>
        <source>Base bits</source>
        <translation>기본 비트</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="62"/>
        <location filename="../app/studio/quantize_page.cpp" line="73"/>
        <source>Target bits</source>
        <translation>목표 비트</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="62"/>
        <source>Weak columns per linear</source>
        <translation>선형 계층당 약한 열</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="63"/>
        <source>Budget</source>
        <translation>예산</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="77"/>
        <location filename="../app/studio/quantize_page.cpp" line="84"/>
        <source>Weak columns</source>
        <translation>약한 열</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="80"/>
        <source>Plan (before running)</source>
        <translation>계획 (실행 전)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="84"/>
        <source>Linear</source>
        <translation>선형 계층</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="84"/>
        <source>Input features</source>
        <translation>입력 특성 수</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="89"/>
        <source>Open a model to see the plan.</source>
        <translation>계획을 보려면 모델을 여세요.</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="95"/>
        <source>Quantizer and calibration</source>
        <translation>양자화기와 보정</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="101"/>
        <source>per output channel</source>
        <translation>출력 채널별</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="102"/>
        <source>Group size</source>
        <translation>그룹 크기</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="103"/>
        <source>Process columns by decreasing Hessian diagonal</source>
        <translation>헤시안 대각 성분이 큰 열부터 처리</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="105"/>
        <source>Act-order</source>
        <translation>Act-order</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="108"/>
        <source>MSE grid search</source>
        <translation>MSE 격자 탐색</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="108"/>
        <source>Min-max</source>
        <translation>최소-최대</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="109"/>
        <source>Scale search</source>
        <translation>스케일 탐색</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="110"/>
        <source>Calibration Text</source>
        <translation>보정 텍스트</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="112"/>
        <source>Calibration file</source>
        <translation>보정 파일</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="117"/>
        <source>Samples</source>
        <translation>샘플 수</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="121"/>
        <source>default: min(2048, context)</source>
        <translation>기본값: min(2048, 컨텍스트)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="122"/>
        <source>Sequence length</source>
        <translation>시퀀스 길이</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="126"/>
        <source>Seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="132"/>
        <source>&amp;Quantize</source>
        <translation>양자화(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="135"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="142"/>
        <source>Idle</source>
        <translation>대기 중</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="145"/>
        <source>Decoder layer</source>
        <translation>디코더 계층</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="150"/>
        <source>Overall</source>
        <translation>전체</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="199"/>
        <source>Quantized: %1 bits/weight achieved, %2 weak columns in all, %3 s. See Inspect and Export.</source>
        <translation>양자화 완료: %1 비트/가중치 달성, 약한 열 총 %2개, %3초. 검사와 내보내기 페이지를 확인하세요.</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="212"/>
        <source>Finished in %1</source>
        <translation>%1 만에 완료</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="218"/>
        <source>Cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="218"/>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="220"/>
        <source>Cancelled; no quantized model is kept.</source>
        <translation>취소되었습니다. 양자화된 모델은 남지 않습니다.</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="220"/>
        <source>Failed: %1</source>
        <translation>실패: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="287"/>
        <source>%1 is already quantized; open a float checkpoint to quantize it.</source>
        <translation>%1은(는) 이미 양자화되었습니다. 양자화하려면 부동소수점 체크포인트를 여세요.</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="317"/>
        <source>%1 weak columns in all (%2 layers); %3 bits per weight achieved (storage of the decoder linears, scales and weak columns included)</source>
        <translation>약한 열 총 %1개 (%2개 계층); 가중치당 %3비트 달성 (디코더 선형 계층 저장 공간, 스케일과 약한 열 포함)</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="327"/>
        <source>Choose a calibration text file first.</source>
        <translation>먼저 보정 텍스트 파일을 선택하세요.</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="330"/>
        <source>Quantizing %1</source>
        <translation>%1 양자화 중</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="370"/>
        <source>Stage: %1</source>
        <translation>단계: %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="393"/>
        <source>Elapsed %1</source>
        <translation>경과 %1</translation>
    </message>
    <message>
        <location filename="../app/studio/quantize_page.cpp" line="396"/>
        <source>, about %1 remaining</source>
        <translation>, 약 %1 남음</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/studio/main.cpp" line="43"/>
        <source>OWQ Studio: quantize, inspect and chat with LLaMA-family models</source>
        <translation>OWQ Studio: LLaMA 계열 모델 양자화, 검사 및 채팅</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="46"/>
        <source>Model folder to open</source>
        <translation>열 모델 폴더</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="48"/>
        <source>Open the demo model (built on first use)</source>
        <translation>데모 모델 열기 (처음 사용할 때 생성됨)</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="50"/>
        <source>Render the window to FILE (PNG) once idle, then exit</source>
        <translation>유휴 상태가 되면 창을 FILE(PNG)로 렌더링한 후 종료</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="54"/>
        <source>Show page NAME: model, quantize, inspect, compare, chat, export</source>
        <translation>NAME 페이지 표시: model, quantize, inspect, compare, chat, export</translation>
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
</context>
</TS>
