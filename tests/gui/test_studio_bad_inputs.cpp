// Bad inputs opened through the studio's real paths (issue 8): a model folder with a truncated safetensors
// file, an unsupported architecture, a folder without its tokenizer, a damaged packed OWQ folder (a newer
// format version, a truncated packed file), a binary calibration file and an empty evaluation file. Each
// must raise an error dialog that names the file and the problem, leave the studio idle, and the same
// window must then open stories260K and quantize and compare as if nothing had happened. Every bad input is
// generated here from the shared fixtures, the way the core tests make theirs (test_checkpoint,
// test_packed_model, test_cli); nothing binary is committed.
#include "compare_page.h"
#include "gui_testutil.h"
#include "main_window.h"
#include "path_edit.h"
#include "quantize_page.h"
#include "testutil.h"

#include "owq/engine.h"
#include "owq/quant_pipeline.h"
#include "owq/text_file.h"

#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QtTest>

#include <filesystem>

namespace fs = std::filesystem;

namespace {

using owqtest::waitIdle;

QString stories() {
    return QString::fromStdString(owqtest::sharedPath("models/stories260K"));
}

// A copy of stories260K's files into a fresh folder, without those named in `skip`.
std::string copyStories(const std::string& tag, const std::vector<std::string>& skip = {}) {
    const std::string dir = owqtest::scratchDir(tag) + "/model";
    fs::create_directories(dir);
    for (const auto& e : fs::directory_iterator(stories().toStdString())) {
        const std::string name = e.path().filename().string();
        if (std::find(skip.begin(), skip.end(), name) == skip.end())
            fs::copy_file(e.path(), dir + "/" + name);
    }
    return dir;
}

void truncateFile(const std::string& path, std::uintmax_t keep) {
    fs::permissions(path, fs::perms::owner_write, fs::perm_options::add);
    fs::resize_file(path, keep);
}

void replaceInFile(const std::string& path, const std::string& from, const std::string& to) {
    std::string text = owqtest::readFile(path);
    const auto at = text.find(from);
    QVERIFY2(at != std::string::npos, qPrintable(QString::fromStdString(path + " lacks " + from)));
    text.replace(at, from.size(), to);
    fs::permissions(path, fs::perms::owner_write, fs::perm_options::add);
    owqtest::writeFile(path, text);
}

} // namespace

class TestStudioBadInputs : public QObject {
    Q_OBJECT

    MainWindow* w_ = nullptr; // one window for every case: it must stay usable throughout
    std::string packed_;      // a valid packed OWQ stories260K, damaged copies are made from it

    // Opens `dir` through the studio's open path: a warning dialog must appear; `text` gets its text.
    void openExpectingError(const std::string& dir, QString* text) {
        owqtest::MessageBoxWatch dialogs;
        w_->openModel(QString::fromStdString(dir));
        QVERIFY(waitIdle(*w_, 60000));
        QTRY_VERIFY_WITH_TIMEOUT(!dialogs.texts.isEmpty(), 10000);
        QCOMPARE(dialogs.icons.front(), QMessageBox::Warning);
        *text = dialogs.texts.join("\n");
    }

    // Asserts the dialog names every needle and that the studio is idle afterwards.
    static void expectNamed(const QString& text, const QStringList& needles) {
        qInfo("dialog: %s", qPrintable(text));
        for (const QString& n : needles)
            QVERIFY2(text.contains(n), qPrintable(QString("dialog lacks \"%1\": %2").arg(n, text)));
    }

    void openStories() {
        w_->openModel(stories());
        QVERIFY(waitIdle(*w_, 60000));
        bool sawParams = false;
        for (QLabel* l : w_->findChildren<QLabel*>())
            if (l->text() == QLocale().toString(260032)) sawParams = true;
        QVERIFY2(sawParams, "stories260K did not open after the bad input");
    }

private slots:
    void initTestCase() {
        QApplication::setOrganizationName("OWQ Studio Tests");
        QApplication::setApplicationName("test_studio_bad_inputs");
        QSettings().clear();
        w_ = new MainWindow;
        w_->show();
        QTest::qWait(50);
        if (!owqtest::haveShared()) return;
        packed_ = owqtest::scratchDir("bad-inputs-packed") + "/owq3";
        owqtest::savePackedStoriesOwq3(packed_);
    }
    void cleanupTestCase() { delete w_; }

    void missingFolder() {
        const std::string dir = owqtest::scratchDir("bad-missing") + "/nowhere";
        QString text;
        openExpectingError(dir, &text);
        if (QTest::currentTestFailed()) return;
        expectNamed(text, {"nowhere"});
        QVERIFY(!w_->isBusy());
    }

    void truncatedSafetensors() {
        OWQ_REQUIRE_SHARED();
        const std::string dir = copyStories("bad-truncated");
        truncateFile(dir + "/model.safetensors", 100000);
        QString text;
        openExpectingError(dir, &text);
        if (QTest::currentTestFailed()) return;
        expectNamed(text, {"model.safetensors"});
        QVERIFY2(text.contains("truncated") || text.contains("past the end") || text.contains("beyond"),
                 qPrintable(text));
        QVERIFY(!w_->isBusy());
        openStories();
    }

    void unsupportedArchitecture() {
        OWQ_REQUIRE_SHARED();
        const std::string dir = copyStories("bad-arch");
        replaceInFile(dir + "/config.json", "\"llama\"", "\"gpt2\"");
        QString text;
        openExpectingError(dir, &text);
        if (QTest::currentTestFailed()) return;
        expectNamed(text, {"config.json", "gpt2"});
        QVERIFY(!w_->isBusy());
        openStories();
    }

    void missingTokenizer() {
        OWQ_REQUIRE_SHARED();
        const std::string dir = copyStories("bad-notok", {"tokenizer.model"});
        QString text;
        openExpectingError(dir, &text);
        if (QTest::currentTestFailed()) return;
        expectNamed(text, {"tokenizer.model"});
        QVERIFY(!w_->isBusy());
        openStories();
    }

    void garbageTokenizer() {
        OWQ_REQUIRE_SHARED();
        const std::string dir = copyStories("bad-tok", {"tokenizer.model"});
        owqtest::writeFile(dir + "/tokenizer.model", "this is not a sentencepiece model");
        QString text;
        openExpectingError(dir, &text);
        if (QTest::currentTestFailed()) return;
        expectNamed(text, {"tokenizer.model"});
        QVERIFY(!w_->isBusy());
        openStories();
    }

    void packedNewerFormatVersion() {
        OWQ_REQUIRE_SHARED();
        const std::string dir = owqtest::scratchDir("bad-packed-version") + "/owq3";
        fs::copy(packed_, dir);
        replaceInFile(dir + "/config.json", "\"format_version\": 1", "\"format_version\": 9");
        QString text;
        openExpectingError(dir, &text);
        if (QTest::currentTestFailed()) return;
        expectNamed(text, {"config.json", "packed format version 9 is not supported"});
        QVERIFY(!w_->isBusy());
        openStories();
    }

    void packedTruncated() {
        OWQ_REQUIRE_SHARED();
        const std::string dir = owqtest::scratchDir("bad-packed-truncated") + "/owq3";
        fs::copy(packed_, dir);
        truncateFile(dir + "/model.safetensors", fs::file_size(dir + "/model.safetensors") / 2);
        QString text;
        openExpectingError(dir, &text);
        if (QTest::currentTestFailed()) return;
        expectNamed(text, {"model.safetensors"});
        QVERIFY(!w_->isBusy());
        // The valid packed folder opens in the same window.
        w_->openModel(QString::fromStdString(packed_));
        QVERIFY(waitIdle(*w_, 60000));
        openStories();
    }

    void binaryCalibrationFile() {
        OWQ_REQUIRE_SHARED();
        openStories();
        const std::string dir = owqtest::scratchDir("bad-calib");
        const std::string binary = dir + "/weights.bin";
        owqtest::writeFile(binary, std::string("\x01\x00\x02\xff binary", 10));
        w_->showPage("quantize");
        QuantizePage* q = w_->quantizePage();
        q->findChild<QSpinBox*>("nsamples")->setValue(8);
        q->findChild<QSpinBox*>("seqlen")->setValue(128);
        q->findChild<PathEdit*>("calibFile")->setPath(QString::fromStdString(binary));
        {
            owqtest::MessageBoxWatch dialogs;
            QTest::mouseClick(w_->findChild<QPushButton*>("runQuantize"), Qt::LeftButton);
            QVERIFY(waitIdle(*w_, 60000));
            QTRY_VERIFY_WITH_TIMEOUT(!dialogs.texts.isEmpty(), 10000);
            expectNamed(dialogs.texts.join("\n"), {"weights.bin", "NUL bytes"});
        }
        QVERIFY(!w_->isBusy());
        QVERIFY(!q->hasResult());
        // The same page then quantizes with a good file.
        q->findChild<PathEdit*>("calibFile")
            ->setPath(QString::fromStdString(owqtest::sharedPath("data/calib.txt")));
        QTest::mouseClick(w_->findChild<QPushButton*>("runQuantize"), Qt::LeftButton);
        QVERIFY(waitIdle(*w_, 120000));
        QVERIFY(q->hasResult());
    }

    void emptyEvaluationFile() {
        OWQ_REQUIRE_SHARED();
        openStories();
        const std::string dir = owqtest::scratchDir("bad-eval");
        const std::string empty = dir + "/empty.txt";
        owqtest::writeFile(empty, "");
        w_->showPage("compare");
        ComparePage* c = w_->comparePage();
        c->findChild<PathEdit*>("compareCalib")
            ->setPath(QString::fromStdString(owqtest::sharedPath("data/calib.txt")));
        c->findChild<PathEdit*>("compareEval")->setPath(QString::fromStdString(empty));
        c->findChild<QSpinBox*>("compareNsamples")->setValue(4);
        c->findChild<QSpinBox*>("compareSeqlen")->setValue(128);
        {
            owqtest::MessageBoxWatch dialogs;
            QTest::mouseClick(w_->findChild<QPushButton*>("runCompare"), Qt::LeftButton);
            QVERIFY(waitIdle(*w_, 60000));
            QTRY_VERIFY_WITH_TIMEOUT(!dialogs.texts.isEmpty(), 10000);
            expectNamed(dialogs.texts.join("\n"), {"empty.txt", "empty"});
        }
        QVERIFY(!w_->isBusy());
        QVERIFY(w_->findChild<QPushButton*>("runCompare")->isEnabled());
    }
};

QTEST_MAIN(TestStudioBadInputs)
#include "test_studio_bad_inputs.moc"
