<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
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
        <translation>%1 불러오기 완료 (%2초)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="65"/>
        <source>%1 tokens, %2 tokens/s (stopped: %3)</source>
        <translation>토큰 %1개, 초당 %2토큰 (중지 사유: %3)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="68"/>
        <source>Failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="84"/>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="85"/>
        <source>&amp;Open Model Folder...</source>
        <translation>모델 폴더 열기(&amp;O)...</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="87"/>
        <source>Open &amp;Demo Model</source>
        <translation>데모 모델 열기(&amp;D)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="89"/>
        <source>&amp;Quit</source>
        <translation>종료(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="92"/>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="95"/>
        <source>Open a model folder (File &gt; Open, or drop it here), or the demo model.</source>
        <translation>모델 폴더(파일 &gt; 열기 또는 여기에 끌어다 놓기)나 데모 모델을 여세요.</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="103"/>
        <source>Generate</source>
        <translation>생성</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="106"/>
        <source>Prompt (empty: start from the beginning-of-text token)</source>
        <translation>프롬프트 (비워 두면 텍스트 시작 토큰부터 생성)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="123"/>
        <source>Temperature</source>
        <translation>온도</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="125"/>
        <source>Max tokens</source>
        <translation>최대 토큰 수</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="127"/>
        <source>Seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="130"/>
        <source>&amp;Generate</source>
        <translation>생성(&amp;G)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="132"/>
        <source>&amp;Stop</source>
        <translation>중지(&amp;S)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="156"/>
        <source>Ready</source>
        <translation>준비</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="174"/>
        <source>Open Model Folder</source>
        <translation>모델 폴더 열기</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="182"/>
        <source>Loading %1</source>
        <translation>%1 불러오는 중</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="193"/>
        <source>Building the demo model (about two minutes)</source>
        <translation>데모 모델 생성 중 (약 2분 소요)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="205"/>
        <source>Generating</source>
        <translation>생성 중</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="213"/>
        <source>Folder</source>
        <translation>폴더</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="214"/>
        <source>Architecture</source>
        <translation>아키텍처</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="215"/>
        <source>Parameters</source>
        <translation>파라미터</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="216"/>
        <source>Layers</source>
        <translation>레이어</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="217"/>
        <source>Hidden size</source>
        <translation>히든 크기</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="218"/>
        <source>Heads (KV heads)</source>
        <translation>헤드 (KV 헤드)</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="219"/>
        <source>Vocabulary</source>
        <translation>어휘 크기</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="220"/>
        <source>Context</source>
        <translation>컨텍스트 길이</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="221"/>
        <source>Weights</source>
        <translation>가중치</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="221"/>
        <source>%1, %2 on disk</source>
        <translation>%1, 디스크에서 %2</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="222"/>
        <source>Memory estimate</source>
        <translation>예상 메모리</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="223"/>
        <source>Tokenizer</source>
        <translation>토크나이저</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="240"/>
        <source>Embeddings</source>
        <translation>임베딩</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="240"/>
        <source>Embeddings + head</source>
        <translation>임베딩 + 출력 헤드</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="241"/>
        <source>Attention</source>
        <translation>어텐션</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="242"/>
        <source>MLP</source>
        <translation>MLP</translation>
    </message>
    <message>
        <location filename="../app/studio/main_window.cpp" line="245"/>
        <source>Parameters (millions)</source>
        <translation>파라미터 (백만)</translation>
    </message>
</context>
<context>
    <name>ModelService</name>
    <message>
        <location filename="../app/studio/model_service.cpp" line="32"/>
        <source>Loading %1</source>
        <translation>%1 불러오는 중</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="64"/>
        <source>Building the demo model in %1</source>
        <translation>%1에 데모 모델 생성 중</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="75"/>
        <source>Open a model first.</source>
        <translation>먼저 모델을 여세요.</translation>
    </message>
    <message>
        <location filename="../app/studio/model_service.cpp" line="79"/>
        <source>Generating</source>
        <translation>생성 중</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/studio/main.cpp" line="22"/>
        <source>OWQ Studio: quantize, inspect and chat with LLaMA-family models</source>
        <translation>OWQ Studio: LLaMA 계열 모델 양자화, 검사 및 채팅</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="25"/>
        <source>Model folder to open</source>
        <translation>열 모델 폴더</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="26"/>
        <source>Open the demo model (built on first use)</source>
        <translation>데모 모델 열기 (처음 사용할 때 생성됨)</translation>
    </message>
    <message>
        <location filename="../app/studio/main.cpp" line="27"/>
        <source>Render the window to FILE (PNG) once idle, then exit</source>
        <translation>유휴 상태가 되면 창을 FILE(PNG)로 렌더링한 후 종료</translation>
    </message>
</context>
</TS>
