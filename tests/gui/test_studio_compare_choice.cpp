// The Compare page with a multiple-choice task file (tests/data/choice_cloze.jsonl): the acc and acc_norm
// columns appear and hold what core's evaluateChoices gives for the float row and a packed-equivalent RTN
// row measured here independently; tooltips name the file; CSV and Markdown carry them; hidden before.
#include "compare_page.h"
#include "gui_testutil.h"
#include "main_window.h"
#include "path_edit.h"
#include "testutil.h"

#include "owq/choice_eval.h"

#include <QSettings>
#include <QTableWidget>
#include <QtTest>

#include <QComboBox>

class TestStudioCompareChoice : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QApplication::setOrganizationName("OWQ Studio Tests");
        QApplication::setApplicationName("test_studio_compare_choice");
        QSettings().clear();
    }

    void accuracyColumns() {
        OWQ_REQUIRE_SHARED();
        const std::string tasksFile = std::string(OWQ_TEST_DATA_DIR) + "/choice_cloze.jsonl";
        MainWindow w;
        w.show();
        w.openModel(QString::fromStdString(owqtest::sharedPath("models/stories260K")));
        QVERIFY(owqtest::waitIdle(w, 60000));
        w.showPage("compare");
        auto* table = w.findChild<QTableWidget*>("compareTable");
        QVERIFY(table->isColumnHidden(9) && table->isColumnHidden(10)); // no task file yet
        w.comparePage()->findChild<PathEdit*>("compareTasks")->setPath(QString::fromStdString(tasksFile));
        owqtest::runSmallCompare(w);
        QCOMPARE(table->rowCount(), 4); // fp, rtn 3, gptq 3, owq 3.1
        QCOMPARE(table->horizontalHeaderItem(9)->text(), QString("Acc"));
        QCOMPARE(table->horizontalHeaderItem(10)->text(), QString("Acc norm"));
        QVERIFY(!table->isColumnHidden(9) && !table->isColumnHidden(10));

        // Core on the float model and on RTN 3-bit (which reads no calibration), as the page asked.
        const owq::ChoiceTasks tasks = owq::readChoiceTasks(tasksFile);
        auto fp = owq::LanguageModel::open(owqtest::sharedPath("models/stories260K"));
        const owq::ChoiceResult f = owq::evaluateChoices(*fp, tasks);
        owq::LoadOptions load;
        load.deferLayers = true;
        auto rtn = owq::LanguageModel::open(owqtest::sharedPath("models/stories260K"), load);
        owq::QuantRecipe recipe = owq::QuantRecipe::defaults(owq::Method::RTN, 3);
        recipe.nsamples = 4;
        recipe.seqlen = 64;
        owq::quantizeModel(*rtn, owq::readTextFile(owqtest::sharedPath("data/calib.txt")), recipe);
        const owq::ChoiceResult q = owq::evaluateChoices(*rtn, tasks);
        QCOMPARE(table->item(0, 9)->text(), QString::number(f.acc, 'f', 4));
        QCOMPARE(table->item(0, 10)->text(), QString::number(f.accNorm, 'f', 4));
        QCOMPARE(table->item(1, 0)->text(), QString("rtn"));
        QCOMPARE(table->item(1, 9)->text(), QString::number(q.acc, 'f', 4));
        QCOMPARE(table->item(1, 10)->text(), QString::number(q.accNorm, 'f', 4));
        QVERIFY2(table->item(1, 9)->toolTip().contains("choice_cloze.jsonl") &&
                     table->item(1, 9)->toolTip().contains("60 items"),
                 qPrintable(table->item(1, 9)->toolTip()));
        const QString csv = w.comparePage()->csv();
        QVERIFY(csv.section('\n', 0, 0).contains("top1,acc,acc_norm,seconds"));
        QVERIFY(csv.section('\n', 1, 1).contains("," + QString::number(f.acc, 'f', 4) + ","));
        QVERIFY(w.comparePage()->markdown().contains("choice_cloze.jsonl"));
    }

    // The OWQ allocation choice reaches the OWQ row, which names it; the other rows are unchanged.
    void owqRowsTakeTheAllocation() {
        OWQ_REQUIRE_SHARED();
        MainWindow w;
        w.show();
        w.openModel(QString::fromStdString(owqtest::sharedPath("models/stories260K")));
        QVERIFY(owqtest::waitIdle(w, 60000));
        w.showPage("compare");
        w.comparePage()->findChild<PathEdit*>("compareTasks")->setPath(QString());
        auto* allocation = w.comparePage()->findChild<QComboBox*>("compareAllocation");
        QVERIFY(allocation);
        QCOMPARE(allocation->count(), 3);
        allocation->setCurrentIndex(2);
        owqtest::runSmallCompare(w);
        auto* table = w.findChild<QTableWidget*>("compareTable");
        QCOMPARE(table->rowCount(), 4);
        QCOMPARE(table->item(1, 0)->text(), QString("rtn"));
        QCOMPARE(table->item(3, 0)->text(), QString("owq (sensitivity 2,3,4)"));
    }
};

QTEST_MAIN(TestStudioCompareChoice)
#include "test_studio_compare_choice.moc"
