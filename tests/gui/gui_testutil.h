// What the studio's GUI tests share: waiting for the window to go idle, and answering the message boxes the
// studio raises (recording their texts so a test can assert what the user was told).
#pragma once

#include "compare_page.h"
#include "main_window.h"
#include "path_edit.h"
#include "quantize_page.h"
#include "testutil.h"

#include "owq/engine.h"
#include "owq/quant_pipeline.h"
#include "owq/text_file.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QList>
#include <QMessageBox>
#include <QObject>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStringList>
#include <QTest>
#include <QTimer>

namespace owqtest {

// True once `w` has no job running (at once when it has none), false after `ms`.
inline bool waitIdle(MainWindow& w, int ms) {
    if (!w.isBusy()) return true;
    QSignalSpy spy(&w, &MainWindow::idle);
    return spy.wait(ms);
}

// stories260K quantized with OWQ 3-bit (target 3.2, 8 x 128 calibration tokens), saved packed into `dir`: the
// small quantized model the studio tests open.
inline void savePackedStoriesOwq3(const std::string& dir) {
    owq::QuantRecipe r = owq::QuantRecipe::defaults(owq::Method::OWQ, 3);
    r.targetBits = 3.2;
    r.nsamples = 8;
    r.seqlen = 128;
    owq::LoadOptions load;
    load.deferLayers = true;
    auto lm = owq::LanguageModel::open(sharedPath("models/stories260K"), load);
    const owq::QuantReport rep = owq::quantizeModel(*lm, owq::readTextFile(sharedPath("data/calib.txt")), r);
    owq::savePacked(*lm, rep, dir);
}

// The Quantize page set to OWQ 3-bit at 3.1 bits on 4 x 64 calibration windows (not yet run).
inline void setSmallOwq3(MainWindow& w) {
    w.showPage("quantize");
    QuantizePage* q = w.quantizePage();
    q->findChild<QComboBox*>("method")->setCurrentIndex(0);
    q->findChild<QComboBox*>("baseBits")->setCurrentText("3");
    q->findChild<QComboBox*>("budgetMode")->setCurrentIndex(0);
    q->findChild<QDoubleSpinBox*>("targetBits")->setValue(3.1);
    q->findChild<QSpinBox*>("nsamples")->setValue(4);
    q->findChild<QSpinBox*>("seqlen")->setValue(64);
    q->findChild<PathEdit*>("calibFile")->setPath(QString::fromStdString(sharedPath("data/calib.txt")));
}

// Compare on the open model: full precision, RTN and OPTQ at 3 bits, OWQ at 3.1, on 4 windows of 64 tokens,
// evaluated at 128; returns once the studio is idle again.
inline void runSmallCompare(MainWindow& w) {
    w.showPage("compare");
    ComparePage* c = w.comparePage();
    const auto shared = [](const char* rel) { return QString::fromStdString(sharedPath(rel)); };
    c->findChild<PathEdit*>("compareCalib")->setPath(shared("data/calib.txt"));
    c->findChild<PathEdit*>("compareEval")->setPath(shared("data/eval.txt"));
    c->findChild<QSpinBox*>("compareNsamples")->setValue(4);
    c->findChild<QSpinBox*>("compareSeqlen")->setValue(64);
    c->findChild<QSpinBox*>("compareEvalSeqlen")->setValue(128);
    c->findChild<QLineEdit*>("owqTargets")->setText("3.1");
    for (QCheckBox* box : c->findChildren<QCheckBox*>())
        if (box->text() == "2" || box->text() == "4") box->setChecked(false);
    auto* run = c->findChild<QPushButton*>("runCompare");
    QVERIFY(run->isEnabled());
    QTest::mouseClick(run, Qt::LeftButton);
    QVERIFY(w.isBusy());
    QVERIFY(waitIdle(w, 300000));
}

// While it lives, answers every message box that appears (the modal one, and any other visible top-level
// box) with `button` (accept() when the box has no such button), recording each box's text and icon;
// `text` is the last one.
class MessageBoxWatch : public QObject {
public:
    explicit MessageBoxWatch(QMessageBox::StandardButton button = QMessageBox::Ok) : button_(button) {
        connect(&timer_, &QTimer::timeout, this, [this] {
            QList<QMessageBox*> boxes;
            if (auto* m = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) boxes << m;
            for (QWidget* w : QApplication::topLevelWidgets())
                if (auto* b = qobject_cast<QMessageBox*>(w); b && b->isVisible() && !boxes.contains(b))
                    boxes << b;
            for (QMessageBox* b : boxes) {
                text = b->text();
                texts << text;
                icons << b->icon();
                if (QAbstractButton* answer = b->button(button_))
                    answer->click();
                else
                    b->accept();
            }
        });
        timer_.start(20);
    }
    QString text;
    QStringList texts;
    QList<QMessageBox::Icon> icons;

private:
    QMessageBox::StandardButton button_;
    QTimer timer_;
};

} // namespace owqtest
